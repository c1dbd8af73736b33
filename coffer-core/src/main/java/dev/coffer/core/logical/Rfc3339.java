package dev.coffer.core.logical;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as Vault writes them: RFC 3339 in UTC, exactly as {@link DateTimeFormatter#ISO_INSTANT}
 * prints them ({@code 2026-11-26T02:07:59Z}, {@code …59.120Z}, {@code …59.120500Z},
 * {@code …59.120500001Z}), without the formatter's cost. This runs a few times for every audited
 * request.
 */
public final class Rfc3339 {
    private Rfc3339() {}

    public static String format(Instant t) {
        return format(t.getEpochSecond(), t.getNano());
    }

    /** 1000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: outside, years do not have four digits. */
    private static final long FIRST = -30_610_224_000L;
    private static final long END = 253_402_300_800L;

    public static String format(long epochSecond, int nano) {
        if (epochSecond < FIRST || epochSecond >= END) {
            return DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond, nano));
        }
        LocalDateTime d = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        int year = d.getYear();
        char[] c = new char[30];
        four(c, 0, year);
        c[4] = '-';
        two(c, 5, d.getMonthValue());
        c[7] = '-';
        two(c, 8, d.getDayOfMonth());
        c[10] = 'T';
        two(c, 11, d.getHour());
        c[13] = ':';
        two(c, 14, d.getMinute());
        c[16] = ':';
        two(c, 17, d.getSecond());
        int n = 19;
        if (nano != 0) {
            c[n++] = '.';
            int digits = nano % 1_000_000 == 0 ? 3 : nano % 1000 == 0 ? 6 : 9;
            int v = digits == 3 ? nano / 1_000_000 : digits == 6 ? nano / 1000 : nano;
            for (int i = digits - 1; i >= 0; i--) {
                c[n + i] = (char) ('0' + v % 10);
                v /= 10;
            }
            n += digits;
        }
        c[n++] = 'Z';
        return new String(c, 0, n);
    }

    private static void four(char[] c, int at, int v) {
        two(c, at, v / 100);
        two(c, at + 2, v % 100);
    }

    private static void two(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }
}
