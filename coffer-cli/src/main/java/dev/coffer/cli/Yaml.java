package dev.coffer.cli;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small YAML writer for decoded JSON (maps, lists, strings, numbers, booleans, null), laid out
 * as Vault's {@code -format=yaml} is: block style, keys sorted, list items at their key's indent.
 * Strings stay plain only where YAML cannot read them as anything else; the others are written
 * double-quoted with JSON escapes, which YAML reads back unchanged.
 */
final class Yaml {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_/][A-Za-z0-9_./@+ -]*");
    private static final Set<String> RESERVED = Set.of("true", "false", "yes", "no", "on", "off", "y", "n",
            "null", "~", ".inf", ".nan");

    private Yaml() {}

    static String write(Object value) {
        StringBuilder b = new StringBuilder();
        if (value instanceof Map<?, ?> m && !m.isEmpty()) {
            map(b, m, "");
        } else if (value instanceof List<?> l && !l.isEmpty()) {
            list(b, l, "");
        } else {
            b.append(scalar(value)).append('\n');
        }
        return b.toString().stripTrailing();
    }

    private static void map(StringBuilder b, Map<?, ?> m, String indent) {
        for (Map.Entry<String, Object> e : GoText.sorted(m).entrySet()) {
            b.append(indent).append(scalar(e.getKey())).append(':');
            value(b, e.getValue(), indent, false);
        }
    }

    private static void list(StringBuilder b, List<?> l, String indent) {
        for (Object item : l) {
            b.append(indent).append('-');
            value(b, item, indent, true);
        }
    }

    /** Writes what follows "key:" or "-": a scalar on the same line, a collection below it. */
    private static void value(StringBuilder b, Object v, String indent, boolean inList) {
        if (v instanceof Map<?, ?> m && !m.isEmpty()) {
            if (inList) {
                StringBuilder inner = new StringBuilder();
                map(inner, m, indent + "  ");
                b.append(' ').append(inner.substring(indent.length() + 2));
            } else {
                b.append('\n');
                map(b, m, indent + "  ");
            }
        } else if (v instanceof List<?> l && !l.isEmpty()) {
            b.append('\n');
            list(b, l, inList ? indent + "  " : indent);
        } else {
            b.append(' ').append(scalar(v)).append('\n');
        }
    }

    static String scalar(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map<?, ?>) {
            return "{}";
        }
        if (v instanceof List<?>) {
            return "[]";
        }
        if (v instanceof BigDecimal d) {
            return d.toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        String s = v.toString();
        boolean plain = PLAIN.matcher(s).matches() && !s.endsWith(" ") && !s.contains(" -")
                && !RESERVED.contains(s.toLowerCase(Locale.ROOT));
        return plain ? s : Json.string(s);
    }
}
