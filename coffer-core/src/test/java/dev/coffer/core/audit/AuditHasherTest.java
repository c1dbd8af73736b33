package dev.coffer.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.coffer.core.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AuditHasherTest {
    @Property(tries = 500)
    void agreesWithTheJdksHmac(@ForAll @Size(min = 1, max = 200) byte[] key, @ForAll String value) throws Exception {
        AuditHasher h = new AuditHasher(SecretBytes.wrap(key.clone()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String expected = "hmac-sha256:" + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, h.hash(value));
        assertEquals(expected, h.hash(value), "a second hash with the same primed state");
    }

    @Test
    void rfc4231TestCase2() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        AuditHasher h = new AuditHasher(SecretBytes.wrap("Jefe".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                h.hash("what do ya want for nothing?"));
    }

    @Test
    void refusesOnceDestroyed() {
        AuditHasher h = new AuditHasher(SecretBytes.random(32));
        h.destroy();
        assertThrows(IllegalStateException.class, () -> h.hash("x"));
    }
}
