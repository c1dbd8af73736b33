package dev.coffer.engines.kv;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Time formats as Vault writes them: RFC 3339 with nanoseconds, and Go durations ("1h2m3s"). */
final class Times {
    private Times() {}

    /** As {@link DateTimeFormatter#ISO_INSTANT} prints it ({@code 2026-11-26T02:07:59.120Z}), without its formatter's cost. */
    static String rfc3339(long epochMillis) {
        java.time.LocalDateTime t = java.time.LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000, java.time.ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis));
        }
        StringBuilder b = new StringBuilder(24).append(year).append('-');
        two(b, t.getMonthValue()).append('-');
        two(b, t.getDayOfMonth()).append('T');
        two(b, t.getHour()).append(':');
        two(b, t.getMinute()).append(':');
        two(b, t.getSecond());
        int ms = (int) Math.floorMod(epochMillis, 1000L);
        if (ms != 0) {
            b.append('.').append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
        }
        return b.append('Z').toString();
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    static String goDuration(long millis) {
        long s = millis / 1000;
        if (s == 0) {
            return "0s";
        }
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) {
            b.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            b.append(m).append('m');
        }
        b.append(sec).append('s');
        return b.toString();
    }
}
