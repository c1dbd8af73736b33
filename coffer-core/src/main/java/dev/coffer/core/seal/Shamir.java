package dev.coffer.core.seal;

import com.codahale.shamir.Scheme;
import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.SecretBytes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Shamir secret sharing over GF(256) (codahale/shamir). A share is the share's bytes followed by
 * one byte, its x coordinate (1–255), as Vault encodes them; a 1-of-1 split is the secret itself.
 */
public final class Shamir {
    private Shamir() {}

    /** Splits {@code secret} into {@code config.secretShares()} shares. */
    public static List<SecretBytes> split(SecretBytes secret, SealConfig config) {
        if (config.secretShares() == 1) {
            return List.of(SecretBytes.wrap(secret.bytes()));
        }
        Scheme scheme = new Scheme(new SecureRandom(), config.secretShares(), config.secretThreshold());
        byte[] raw = secret.bytes();
        Map<Integer, byte[]> parts = scheme.split(raw);
        Arrays.fill(raw, (byte) 0);
        return parts.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> {
                    byte[] share = Arrays.copyOf(e.getValue(), e.getValue().length + 1);
                    share[share.length - 1] = (byte) (int) e.getKey();
                    Arrays.fill(e.getValue(), (byte) 0);
                    return SecretBytes.wrap(share);
                })
                .toList();
    }

    /** The length a share of a {@code secretLength}-byte secret has under {@code config}. */
    public static int shareLength(int secretLength, SealConfig config) {
        return config.secretShares() == 1 ? secretLength : secretLength + 1;
    }

    /**
     * Recombines shares. With fewer than the threshold, or with a corrupted share, the result is a
     * wrong secret, not an error: callers authenticate it (the root key is AES-GCM sealed under it).
     */
    public static SecretBytes combine(List<SecretBytes> shares, SealConfig config) {
        if (config.secretShares() == 1) {
            return SecretBytes.wrap(shares.get(0).bytes());
        }
        Map<Integer, byte[]> parts = new HashMap<>();
        int length = -1;
        for (SecretBytes s : shares) {
            byte[] b = s.bytes();
            int x = b[b.length - 1] & 0xff;
            if (x == 0) {
                throw CofferException.invalid("key share is malformed: its x coordinate is zero");
            }
            if (length >= 0 && b.length != length) {
                throw CofferException.invalid("key shares have different lengths");
            }
            length = b.length;
            if (parts.put(x, Arrays.copyOf(b, b.length - 1)) != null) {
                throw CofferException.invalid("two key shares have the same x coordinate");
            }
            Arrays.fill(b, (byte) 0);
        }
        Scheme scheme = new Scheme(new SecureRandom(), 255, Math.max(2, config.secretThreshold()));
        byte[] secret = scheme.join(parts);
        parts.values().forEach(p -> Arrays.fill(p, (byte) 0));
        return SecretBytes.wrap(secret);
    }
}
