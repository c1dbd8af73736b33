package dev.coffer.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import java.util.Base64;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class UnsealKeysTest {
    private static final byte[] SHARE = new byte[33];

    static {
        for (int i = 0; i < SHARE.length; i++) {
            SHARE[i] = (byte) (i * 7 + 1);
        }
    }

    @Test
    void readsHexAndBase64() {
        assertThat(UnsealKeys.decode(HexFormat.of().formatHex(SHARE), 33).bytes()).isEqualTo(SHARE);
        assertThat(UnsealKeys.decode(HexFormat.of().withUpperCase().formatHex(SHARE), 33).bytes()).isEqualTo(SHARE);
        assertThat(UnsealKeys.decode(Base64.getEncoder().encodeToString(SHARE), 33).bytes()).isEqualTo(SHARE);
        assertThat(UnsealKeys.decode("  " + Base64.getEncoder().encodeToString(SHARE) + "\n", 33).bytes()).isEqualTo(SHARE);
    }

    @Test
    void refusesWrongLengthsAndGarbage() {
        assertThatThrownBy(() -> UnsealKeys.decode(HexFormat.of().formatHex(new byte[32]), 33))
                .isInstanceOf(CofferException.class).hasMessageContaining("wrong length: 32 bytes, expected 33");
        assertThatThrownBy(() -> UnsealKeys.decode("not a key!", 33))
                .isInstanceOf(CofferException.class).hasMessageContaining("valid hex or base64");
        assertThatThrownBy(() -> UnsealKeys.decode("", 33))
                .isInstanceOf(CofferException.class).hasMessageContaining("must be specified");
        assertThatThrownBy(() -> UnsealKeys.decode(null, 33))
                .isInstanceOf(CofferException.class).hasMessageContaining("must be specified");
    }

    /** Fuzz: any input either decodes to the expected length or fails with a clear invalid-request error. */
    @Property(tries = 500)
    void anyInputDecodesOrFailsCleanly(@ForAll String input) {
        try {
            assertThat(UnsealKeys.decode(input, 33).length()).isEqualTo(33);
        } catch (CofferException e) {
            assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
            if (input.trim().length() >= 12) {
                assertThat(e.getMessage()).doesNotContain(input.trim());
            }
        }
    }
}
