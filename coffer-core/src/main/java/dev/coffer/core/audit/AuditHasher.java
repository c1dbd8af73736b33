package dev.coffer.core.audit;

import dev.coffer.core.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * HMAC-SHA256 with a device's own key, as Vault's audit devices hash: {@code hmac-sha256:<hex>}.
 * A log can be searched for a known value (ask the server for its hash) without the log holding it.
 *
 * <p>This is RFC 2104 over the JDK's SHA-256, with the two keyed pad blocks absorbed once: each
 * hash clones the primed inner and outer digests, so a short value costs two compressions instead
 * of the four a reused {@code javax.crypto.Mac} spends (an audited read hashes about ten values).
 * {@code AuditHasherTest} checks it against {@code Mac}.
 */
final class AuditHasher {
    static final String PREFIX = "hmac-sha256:";
    private static final int BLOCK = 64;
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private final SecretBytes key;

    /** SHA-256 states after the key XOR ipad and the key XOR opad blocks; null once destroyed. */
    private record Primed(MessageDigest inner, MessageDigest outer) {}

    private volatile Primed primed;

    AuditHasher(SecretBytes key) {
        this.key = key;
        byte[] k = key.bytes();
        byte[] pad = new byte[BLOCK];
        try {
            MessageDigest inner = MessageDigest.getInstance("SHA-256");
            MessageDigest outer = MessageDigest.getInstance("SHA-256");
            if (k.length > BLOCK) {
                byte[] shortened = inner.digest(k);
                Arrays.fill(k, (byte) 0);
                k = shortened;
            }
            for (int i = 0; i < BLOCK; i++) {
                pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x36);
            }
            inner.update(pad);
            for (int i = 0; i < BLOCK; i++) {
                pad[i] = (byte) ((i < k.length ? k[i] : 0) ^ 0x5c);
            }
            outer.update(pad);
            primed = new Primed(inner, outer);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        } finally {
            Arrays.fill(k, (byte) 0);
            Arrays.fill(pad, (byte) 0);
        }
    }

    String hash(String value) {
        return new String(hashAscii(value.getBytes(StandardCharsets.UTF_8)), StandardCharsets.ISO_8859_1);
    }

    /** {@code hmac-sha256:<hex>} as ASCII bytes: safe to write into JSON as they are. */
    byte[] hashAscii(String value) {
        return hashAscii(value.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] hashAscii(byte[] value) {
        Primed p = primed;
        if (p == null) {
            throw new IllegalStateException("audit hasher was destroyed");
        }
        try {
            MessageDigest inner = (MessageDigest) p.inner().clone();
            inner.update(value);
            MessageDigest outer = (MessageDigest) p.outer().clone();
            outer.update(inner.digest());
            return prefixedHex(PREFIX_BYTES, outer.digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests cannot be cloned", e);
        }
    }

    /** {@code prefix} followed by {@code digest} in lower-case hex, as ASCII bytes (the audit chain's hashes too). */
    static byte[] prefixedHex(byte[] prefix, byte[] digest) {
        byte[] out = new byte[prefix.length + 2 * digest.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        for (int i = 0, o = prefix.length; i < digest.length; i++) {
            out[o++] = HEX[(digest[i] >> 4) & 0xf];
            out[o++] = HEX[digest[i] & 0xf];
        }
        return out;
    }

    /**
     * Forgets the key. The primed states are dropped, not reset: a request thread may be cloning
     * them at this moment, and a reset state would hash without the key.
     */
    void destroy() {
        primed = null;
        key.destroy();
    }
}
