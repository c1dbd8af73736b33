package dev.coffer.core.barrier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.storage.MemoryStorage;
import java.time.Clock;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class BarrierProperties {

    @Property(tries = 200)
    void whatIsWrittenIsReadBackAcrossRotations(
            @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String key,
            @ForAll @Size(max = 4096) byte[] value,
            @ForAll boolean rotateBetween) {
        AesGcmBarrier b = new AesGcmBarrier(new MemoryStorage(), Clock.systemUTC());
        b.initialize(SecretBytes.random(32));
        b.put("logical/" + key, value);
        if (rotateBetween) {
            b.rotate();
        }
        assertThat(b.get("logical/" + key)).hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
    }
}
