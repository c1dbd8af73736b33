package dev.coffer.auth.jwt;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claim look-up and comparison as Vault does it: a name starting with {@code /} is a JSON pointer
 * into nested claims; strings compare as they are, booleans and numbers by their JSON text
 * ({@code true} matches {@code "true"}); a list claim matches when any element does; globs have
 * one wildcard, {@code *}, which matches any run of characters.
 */
final class Claims {
    private Claims() {}

    /** The claim {@code name} (or JSON pointer), or null. */
    static Object get(Map<String, Object> claims, String name) {
        if (!name.startsWith("/")) {
            return claims.get(name);
        }
        Object node = claims;
        for (String raw : name.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (node instanceof Map<?, ?> m) {
                node = m.get(token);
            } else if (node instanceof List<?> l && token.matches("0|[1-9][0-9]{0,8}")) {
                int i = Integer.parseInt(token);
                node = i < l.size() ? l.get(i) : null;
            } else {
                return null;
            }
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** A string, boolean or number as its text; empty for anything else (objects, lists, null). */
    static Optional<String> scalar(Object v) {
        if (v instanceof String s) {
            return Optional.of(s);
        }
        if (v instanceof Boolean b) {
            return Optional.of(b.toString());
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return Optional.of(v.toString());
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Optional.empty();
            }
            return Optional.of(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
        }
        return Optional.empty();
    }

    /** A scalar or a list of scalars as a list of texts; empty if any part is not a scalar. */
    static Optional<List<String>> texts(Object v) {
        if (v instanceof List<?> l) {
            List<String> out = new ArrayList<>();
            for (Object o : l) {
                Optional<String> s = scalar(o);
                if (s.isEmpty()) {
                    return Optional.empty();
                }
                out.add(s.get());
            }
            return Optional.of(out);
        }
        return scalar(v).map(List::of);
    }

    /** True if {@code value} matches {@code pattern}, whose only wildcard is {@code *}. */
    static boolean glob(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int mark = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = v;
            } else if (p < pattern.length() && pattern.charAt(p) == value.charAt(v)) {
                p++;
                v++;
            } else if (star >= 0) {
                p = star + 1;
                v = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
