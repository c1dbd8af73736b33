package dev.coffer.auth.jwt;

import dev.coffer.core.CofferException;

/** The jwt method's errors: a 400 naming the problem, never echoing the token. */
final class JwtErrors {
    private JwtErrors() {}

    static CofferException invalid(String message) {
        return CofferException.invalid(message);
    }

    static String quote(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) + "..." : s;
        StringBuilder b = new StringBuilder("\"");
        for (char c : t.toCharArray()) {
            b.append(c < 0x20 || c == '"' || c == '\\' || c > 0x7e ? '?' : c);
        }
        return b.append('"').toString();
    }
}
