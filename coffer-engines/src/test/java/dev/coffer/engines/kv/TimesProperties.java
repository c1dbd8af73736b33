package dev.coffer.engines.kv;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** KV's hand-rolled time format prints exactly what ISO_INSTANT prints, clients parse either. */
class TimesProperties {
    @Property(tries = 2000)
    void matchesIsoInstant(@ForAll @LongRange(min = -62_000_000_000_000L, max = 400_000_000_000_000L) long millis) {
        assertThat(Times.rfc3339(millis)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(millis)));
    }

    @Property(tries = 500)
    void wholeSecondsHaveNoFraction(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long seconds) {
        assertThat(Times.rfc3339(seconds * 1000)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds)));
    }
}
