package dev.coffer.leaks.scan;

/**
 * Inline allow comments on the line of a finding: {@code coffer:allow} and the spellings users migrate
 * from ({@code gitleaks:allow}, {@code pragma: allowlist secret}, {@code trufflehog:ignore},
 * {@code secretlint-disable-line}).
 */
final class AllowComments {
    static final String[] MARKERS = {"coffer:allow", "gitleaks:allow", "pragma: allowlist secret",
        "trufflehog:ignore", "secretlint-disable-line"};
    private static final int REACH = 8192;

    private AllowComments() {}

    /** True when the line holding {@code index} (looked at up to 8 KiB either side) carries a marker. */
    static boolean onLineOf(String text, int index) {
        int from = index;
        int stop = Math.max(0, index - REACH);
        while (from > stop && text.charAt(from - 1) != '\n') {
            from--;
        }
        int to = index;
        int limit = Math.min(text.length(), index + REACH);
        while (to < limit && text.charAt(to) != '\n') {
            to++;
        }
        return contains(text, from, to);
    }

    static boolean contains(CharSequence text, int from, int to) {
        for (String marker : MARKERS) {
            int last = to - marker.length();
            for (int i = from; i <= last; i++) {
                if (text.charAt(i) == marker.charAt(0) && regionMatches(text, i, marker)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean regionMatches(CharSequence text, int at, String marker) {
        for (int k = 1; k < marker.length(); k++) {
            if (text.charAt(at + k) != marker.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
