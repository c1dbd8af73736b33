package dev.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The chain's line assembly, checked against the plain String construction it replaces. */
class ChainLineTest {
    @Property(tries = 500)
    void lineIsSeqPrevHashAndTheBodysFields(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long seq,
                                            @ForAll byte[] digest, @ForAll String value) throws Exception {
        String hash = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(digest));
        for (String body : new String[] {"{}", "{\"type\":\"request\",\"v\":" + quote(value) + "}"}) {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            String expected = "{\"seq\":" + (seq + 1) + ",\"prev_hash\":\"" + hash + "\"" + (b.length > 2 ? "," : "")
                    + body.substring(1) + "\n";
            assertThat(ChainWriter.line(new ChainWriter.Head(seq, hash), b)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Property(tries = 200)
    void hashIsSha256InLowerHex(@ForAll byte[] bytes) throws Exception {
        String expected = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(ChainWriter.hash(bytes, bytes.length)).isEqualTo(expected);
    }

    @Test
    void aHashThatWouldBreakTheJsonIsRefused() {
        assertThatThrownBy(() -> ChainWriter.line(new ChainWriter.Head(1, "sha256:\"x"), "{}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String quote(String s) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
