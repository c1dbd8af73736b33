package dev.coffer.core.crypto;

import java.security.SecureRandom;

/** The one source of randomness for keys, nonces, token ids and accessors. */
public final class Random {
    private static final SecureRandom RNG = new SecureRandom();
    private static final char[] BASE62 =
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Random() {}

    public static void fill(byte[] into) {
        RNG.nextBytes(into);
    }

    public static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RNG.nextBytes(b);
        return b;
    }

    /** {@code n} characters drawn uniformly from 0-9A-Za-z (about 5.95 bits each). */
    public static String base62(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = BASE62[RNG.nextInt(62)];
        }
        return new String(out);
    }

    /** A random UUID (version 4) from the secure generator: for ids that must not be guessable. */
    public static String uuid() {
        return java.util.UUID.randomUUID().toString();
    }

    /**
     * A UUID-shaped request id. Request ids only correlate log lines and need not be unguessable,
     * so they come from the per-thread generator instead of the (locked) secure one.
     */
    public static String requestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new java.util.UUID(msb, lsb).toString();
    }
}
