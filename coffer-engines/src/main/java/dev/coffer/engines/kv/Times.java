package dev.coffer.engines.kv;

import java.time.format.DateTimeFormatter;

/** Time formats as Vault writes them: RFC 3339 with nanoseconds, and Go durations ("1h2m3s"). */
final class Times {
    private Times() {}

    /** As {@link DateTimeFormatter#ISO_INSTANT} prints it ({@code 2026-11-26T02:07:59.120Z}). */
    static String rfc3339(long epochMillis) {
        return dev.coffer.core.logical.Rfc3339.format(Math.floorDiv(epochMillis, 1000L),
                (int) Math.floorMod(epochMillis, 1000L) * 1_000_000);
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
