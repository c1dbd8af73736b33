package dev.coffer.core.policy;

/** Quoting for error messages: text from a policy is shown escaped and cut short. */
final class Messages {
    private static final int MAX_QUOTED = 80;

    private Messages() {}

    /** {@code s} in double quotes, escaped and cut to 80 characters. */
    static String quote(String s) {
        return s == null ? "null" : '"' + escape(s, MAX_QUOTED) + '"';
    }

    /** {@code s} with quotes, backslashes and control characters escaped, cut to {@code max}. */
    static String escape(String s, int max) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), max) + 8);
        for (int i = 0; i < s.length(); i++) {
            if (i == max) {
                b.append("...");
                break;
            }
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
