package dev.coffer.core.token;

import dev.coffer.core.crypto.Random;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Coffer's token format: {@code cfs_} + 36 random base62 characters (about 214 bits) + the CRC32 of
 * those 36 characters in 6 zero-padded base62 digits. The prefix and checksum let a scanner find a
 * leaked Coffer token with no false alarms, and let the server reject a mistyped token before any
 * storage look-up.
 */
public final class TokenIds {
    public static final String SERVICE_PREFIX = "cfs_";
    static final int RANDOM_CHARS = 36;
    static final int CHECKSUM_CHARS = 6;
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private TokenIds() {}

    public static String newServiceToken() {
        String random = Random.base62(RANDOM_CHARS);
        return SERVICE_PREFIX + random + checksum(random);
    }

    /** Accessors are separate random ids that name a token without granting its power. */
    public static String newAccessor() {
        return Random.base62(24);
    }

    /** True when {@code token} has Coffer's prefix, length, alphabet and a matching checksum. */
    public static boolean isWellFormedServiceToken(String token) {
        int expected = SERVICE_PREFIX.length() + RANDOM_CHARS + CHECKSUM_CHARS;
        if (token.length() != expected || !token.startsWith(SERVICE_PREFIX)) {
            return false;
        }
        for (int i = SERVICE_PREFIX.length(); i < expected; i++) {
            if (ALPHABET.indexOf(token.charAt(i)) < 0) {
                return false;
            }
        }
        String random = token.substring(SERVICE_PREFIX.length(), SERVICE_PREFIX.length() + RANDOM_CHARS);
        return checksum(random).equals(token.substring(SERVICE_PREFIX.length() + RANDOM_CHARS));
    }

    static String checksum(String random) {
        CRC32 crc = new CRC32();
        crc.update(random.getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }
}
