package dev.coffer.core.logical;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
    @Property(tries = 2000)
    void printsWhatIsoInstantPrints(@ForAll @LongRange(min = -70_000_000_000L, max = 300_000_000_000L) long second,
                                    @ForAll @IntRange(min = 0, max = 999_999_999) int nano) {
        Instant t = Instant.ofEpochSecond(second, nano);
        assertEquals(DateTimeFormatter.ISO_INSTANT.format(t), Rfc3339.format(t));
    }

    @Property(tries = 500)
    void roundFractionsKeepTheirShortForm(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long second,
                                          @ForAll @IntRange(min = 0, max = 999) int part) {
        for (int nano : new int[] {part * 1_000_000, part * 1000, part}) {
            Instant t = Instant.ofEpochSecond(second, nano);
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(t), Rfc3339.format(t));
        }
    }

    @Test
    void edges() {
        for (Instant t : new Instant[] {Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("1000-01-01T00:00:00Z"), Instant.parse("0999-12-31T23:59:59Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.MIN, Instant.MAX, Instant.parse("2026-11-26T03:51:20.991539234Z")}) {
            assertEquals(DateTimeFormatter.ISO_INSTANT.format(t), Rfc3339.format(t));
        }
    }
}
