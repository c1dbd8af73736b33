package dev.coffer.core.policy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;

/**
 * Matching request parameter values against the value lists of {@code allowed_parameters} and
 * {@code denied_parameters}, as Vault does with two simplifications: values compare as strings
 * (a number in canonical form, {@code true}/{@code false}), so the string {@code "3"} and the
 * number {@code 3} are the same value; and an empty string is one value, never an empty list.
 *
 * <p>A policy value ending in {@code *} matches by prefix, one starting with {@code *} by suffix,
 * one with both by substring. A list value in a request is allowed if every element is, and denied
 * if any element is; a string value is also tried as a comma-separated list. Maps and
 * {@code null} match nothing but an empty list. Stricter than Vault: an empty list or an empty
 * string is not "allowed" by a non-empty value list (Vault lets both through).
 */
final class ParameterValues {
    /** Stands for a null element: it matches no policy value. */
    private static final Object NOTHING = new Object();

    private ParameterValues() {}

    /** The string form of a scalar, or null if {@code v} is not a string, number or boolean. */
    static String canonical(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) {
            return canonical(d.doubleValue());
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (!Double.isFinite(d)) {
                return null;
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            return Double.toString(d);
        }
        return null;
    }

    static boolean allowed(Object value, List<String> list) {
        if (list.isEmpty() || matchesAny(value, list)) {
            return true;
        }
        List<?> parts = parts(value);
        return parts != null && !parts.isEmpty() && parts.stream().allMatch(p -> matchesAny(p, list));
    }

    static boolean denied(Object value, List<String> list) {
        if (list.isEmpty() || matchesAny(value, list)) {
            return true;
        }
        List<?> parts = parts(value);
        return parts != null && parts.stream().anyMatch(p -> matchesAny(p, list));
    }

    private static List<?> parts(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(o -> o == null ? NOTHING : o).toList();
        }
        if (value instanceof String s && s.indexOf(',') >= 0) {
            return java.util.Arrays.stream(s.split(",", -1)).map(String::strip).toList();
        }
        return null;
    }

    private static boolean matchesAny(Object value, List<String> list) {
        String v = canonical(value);
        if (v == null) {
            return false;
        }
        boolean glob = value instanceof String;
        for (String item : list) {
            if (glob ? globMatch(item, v) : item.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean globMatch(String item, String v) {
        if (item.length() < 2) {
            return item.equals(v);
        }
        boolean prefix = item.startsWith("*");
        boolean suffix = item.endsWith("*");
        if (prefix && suffix) {
            return v.contains(item.substring(1, item.length() - 1));
        }
        if (prefix) {
            return v.endsWith(item.substring(1));
        }
        if (suffix) {
            return v.startsWith(item.substring(0, item.length() - 1));
        }
        return item.equals(v);
    }
}
