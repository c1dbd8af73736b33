package dev.coffer.core.audit;

import dev.coffer.core.crypto.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with a device's own key, as Vault's audit devices hash: {@code hmac-sha256:<hex>}.
 * A log can be searched for a known value (ask the server for its hash) without the log holding it.
 */
final class AuditHasher {
    static final String PREFIX = "hmac-sha256:";
    private final SecretBytes key;
    /** Keyed once; every hash works on a clone (cheaper than a fresh Mac per value). */
    private volatile Mac prototype;

    AuditHasher(SecretBytes key) {
        this.key = key;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] k = key.bytes();
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            java.util.Arrays.fill(k, (byte) 0);
            this.prototype = mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String hash(String value) {
        Mac p = prototype;
        if (p == null) {
            throw new IllegalStateException("audit hasher was destroyed");
        }
        try {
            Mac mac = (Mac) p.clone();
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    void destroy() {
        prototype = null;
        key.destroy();
    }
}
