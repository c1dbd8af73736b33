package dev.coffer.core.policy;

import dev.coffer.core.CofferException;

/**
 * The gate every request path passes before the ACL sees it. ACL patterns match text, so a path
 * that a later layer would read differently from its text ({@code secret/data/app/../../../sys/seal})
 * could be allowed by a pattern meant for something else. Such paths are refused, not repaired:
 * a well-behaved client never sends them.
 */
public final class PathNormalizer {
    private PathNormalizer() {}

    /**
     * Returns {@code path} unchanged if it is safe to match against ACL patterns, otherwise throws.
     *
     * <p>Refused: an empty path; an empty segment (a leading {@code /}, or {@code //}), except that
     * one trailing {@code /} is allowed (LIST paths end with it); {@code .} and {@code ..}
     * segments; control characters (NUL included); backslashes; and percent-encoded {@code .},
     * {@code /}, {@code \} or NUL ({@code %2e %2f %5c %00}, any case) — the HTTP layer has decoded
     * the path once already, so what remains encoded is an attempt to have it decoded again.
     *
     * @throws CofferException {@code INVALID_REQUEST}, naming the problem (not echoing the path)
     */
    public static String check(String path) {
        if (path == null || path.isEmpty()) {
            throw CofferException.invalid("request path is empty");
        }
        int segmentStart = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c)) {
                throw CofferException.invalid("request path contains a control character");
            }
            if (c == '\\') {
                throw CofferException.invalid("request path contains a backslash");
            }
            if (c == '%' && encodesSeparator(path, i)) {
                throw CofferException.invalid(
                        "request path contains a percent-encoded '.', '/', '\\' or NUL");
            }
            if (c == '/') {
                checkSegment(path, segmentStart, i, false);
                segmentStart = i + 1;
            }
        }
        checkSegment(path, segmentStart, path.length(), true);
        return path;
    }

    private static void checkSegment(String path, int from, int to, boolean last) {
        int length = to - from;
        if (length == 0 && !(last && from > 0)) {
            throw CofferException.invalid("request path contains an empty segment ('//' or a leading '/')");
        }
        if (length == 1 && path.charAt(from) == '.') {
            throw CofferException.invalid("request path contains a '.' segment");
        }
        if (length == 2 && path.charAt(from) == '.' && path.charAt(from + 1) == '.') {
            throw CofferException.invalid("request path contains a '..' segment");
        }
    }

    private static boolean encodesSeparator(String path, int i) {
        if (i + 2 >= path.length()) {
            return false;
        }
        char hi = path.charAt(i + 1);
        char lo = Character.toLowerCase(path.charAt(i + 2));
        return (hi == '2' && (lo == 'e' || lo == 'f')) || (hi == '5' && lo == 'c')
                || (hi == '0' && lo == '0');
    }
}
