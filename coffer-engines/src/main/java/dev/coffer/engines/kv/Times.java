package dev.coffer.engines.kv;

import java.time.Instant;
import java.time.format.DateTimeFormatter;

/** Time formats as Vault writes them: RFC 3339 with nanoseconds, and Go durations ("1h2m3s"). */
final class Times {
    private Times() {}

    static String rfc3339(long epochMillis) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(epochMillis));
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
