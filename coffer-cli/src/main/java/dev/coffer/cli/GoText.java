package dev.coffer.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values and durations written the way Vault's CLI (a Go program) writes them, so that tables read
 * the same: {@code %v} of decoded JSON ({@code map[a:1 b:x]}, {@code [a b]}, {@code <nil>}),
 * {@code %q} of string lists, and Go's duration text ({@code 768h}, {@code 1h30m}).
 */
final class GoText {
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h|d)");

    private GoText() {}

    /** Go's {@code %v} of a value decoded from JSON; map keys sorted as Go prints them. */
    static String value(Object v) {
        StringBuilder b = new StringBuilder();
        append(b, v);
        return b.toString();
    }

    private static void append(StringBuilder b, Object v) {
        if (v == null) {
            b.append("<nil>");
        } else if (v instanceof Map<?, ?> m) {
            b.append("map[");
            boolean first = true;
            for (Map.Entry<String, Object> e : sorted(m).entrySet()) {
                b.append(first ? "" : " ").append(e.getKey()).append(':');
                append(b, e.getValue());
                first = false;
            }
            b.append(']');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : " ");
                append(b, l.get(i));
            }
            b.append(']');
        } else if (v instanceof BigDecimal d) {
            b.append(d.toString());
        } else {
            b.append(v);
        }
    }

    static Map<String, Object> sorted(Map<?, ?> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Go's {@code %q} of a string list: {@code ["default" "root"]}; null is {@code []}. */
    static String quotedList(Object v) {
        if (!(v instanceof List<?> l)) {
            return v == null ? "[]" : "[" + quote(String.valueOf(v)) + "]";
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            b.append(i == 0 ? "" : " ").append(quote(String.valueOf(l.get(i))));
        }
        return b.append(']').toString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Whether Vault's tables print a key's number as a duration ({@code ttl}, {@code *_period}, ...). */
    static boolean looksLikeDuration(String k) {
        return k.equals("period") || k.endsWith("_period") || k.equals("ttl") || k.endsWith("_ttl")
                || k.equals("duration") || k.endsWith("_duration") || k.equals("lease_max") || k.equals("ttl_max");
    }

    /** A whole number of seconds as Vault prints it ({@code 768h}); anything else unchanged. */
    static Object humanDuration(Object v) {
        Long seconds = wholeNumber(v);
        return seconds == null ? v : humanDuration(seconds.longValue());
    }

    static String humanDuration(long seconds) {
        if (seconds == 0) {
            return "0s";
        }
        String s = duration(Duration.ofSeconds(seconds));
        if (s.endsWith("m0s")) {
            s = s.substring(0, s.length() - 2);
        }
        int idx = s.indexOf("h0m");
        if (idx > 0) {
            s = s.substring(0, idx + 1) + s.substring(idx + 3);
        }
        return s;
    }

    private static Long wholeNumber(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger bi && bi.bitLength() < 63) {
            return bi.longValue();
        }
        if (v instanceof BigDecimal bd) {
            try {
                return bd.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    /** Go's {@code time.Duration.String()} at second precision or finer: {@code 1h0m0s}, {@code 90ms}, {@code 0s}. */
    static String duration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        boolean negative = d.isNegative();
        Duration a = d.abs();
        StringBuilder b = new StringBuilder(negative ? "-" : "");
        if (a.compareTo(Duration.ofSeconds(1)) < 0) {
            long nanos = a.toNanos();
            if (nanos % 1_000_000 == 0) {
                return b.append(nanos / 1_000_000).append("ms").toString();
            }
            return b.append(nanos).append("ns").toString();
        }
        long h = a.toHours();
        int m = a.toMinutesPart();
        int s = a.toSecondsPart();
        int nanos = a.toNanosPart();
        String sec = s + (nanos == 0 ? "" : "." + String.format("%09d", nanos).replaceAll("0+$", "")) + "s";
        if (h > 0) {
            b.append(h).append('h').append(m).append('m');
        } else if (m > 0) {
            b.append(m).append('m');
        }
        return b.append(sec).toString();
    }

    /**
     * A duration as Vault's flags take it: a whole number of seconds ({@code 90}), or Go's duration
     * text ({@code 30s}, {@code 1h30m}, {@code 1.5h}, {@code 100ms}) with {@code d} for days.
     *
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    static Duration parseDuration(String text) {
        String t = text.trim();
        if (t.matches("\\d{1,12}")) {
            return Duration.ofSeconds(Long.parseLong(t));
        }
        Matcher m = DURATION_PART.matcher(t);
        int end = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (m.find() && m.start() == end) {
            BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            nanos = nanos.add(n.multiply(BigDecimal.valueOf(unit)));
            end = m.end();
        }
        if (end == 0 || end != t.length()) {
            throw new IllegalArgumentException("invalid duration '" + text + "': use seconds (90) or units like 30s, 15m, 1h30m, 7d");
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("duration '" + text + "' is too long");
        }
        return Duration.ofNanos(nanos.longValue());
    }
}
