package dev.coffer.leaks.scan;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** The checksums credential formats embed, so that a leaked token can be confirmed offline. */
final class Checksums {
    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Checksums() {}

    static long crc32(String ascii) {
        CRC32 crc = new CRC32();
        crc.update(ascii.getBytes(StandardCharsets.ISO_8859_1));
        return crc.getValue();
    }

    /** CRC32 of {@code random} in {@code width} zero-padded base62 digits, most significant first (GitHub, npm, Coffer). */
    static String crc32Base62(String random, int width) {
        long v = crc32(random);
        char[] out = new char[width];
        for (int i = width - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }

    /** CRC32 of {@code text} in lower-case base36, left-padded with zeros to {@code width} (GitLab routable tokens). */
    static String crc32Base36(String text, int width) {
        String s = Long.toString(crc32(text), 36);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    /**
     * Marvin32 as .NET computes it ({@code Marvin.ComputeHash32}): the 64-bit Marvin state folded to 32
     * bits. Azure's identifiable keys end with it, seeded per key kind.
     */
    static int marvin32(byte[] data, int offset, int length, long seed) {
        int lo = (int) seed;
        int hi = (int) (seed >>> 32);
        int i = offset;
        int end = offset + length;
        int[] state = new int[2];
        for (; end - i >= 4; i += 4) {
            lo += (data[i] & 0xff) | (data[i + 1] & 0xff) << 8 | (data[i + 2] & 0xff) << 16 | (data[i + 3] & 0xff) << 24;
            block(lo, hi, state);
            lo = state[0];
            hi = state[1];
        }
        int last = 0x80;
        for (int k = end - 1; k >= i; k--) {
            last = (last << 8) | (data[k] & 0xff);
        }
        lo += last;
        block(lo, hi, state);
        block(state[0], state[1], state);
        return state[0] ^ state[1];
    }

    private static void block(int lo, int hi, int[] out) {
        hi ^= lo;
        lo = Integer.rotateLeft(lo, 20);
        lo += hi;
        hi = Integer.rotateLeft(hi, 9);
        hi ^= lo;
        lo = Integer.rotateLeft(lo, 27);
        lo += hi;
        hi = Integer.rotateLeft(hi, 19);
        out[0] = lo;
        out[1] = hi;
    }

    /** Shannon entropy of {@code s} in bits per character. */
    static double entropy(CharSequence s) {
        int n = s.length();
        if (n == 0) {
            return 0;
        }
        int[] counts = new int[128];
        java.util.Map<Character, Integer> other = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                if (other == null) {
                    other = new java.util.HashMap<>();
                }
                other.merge(c, 1, Integer::sum);
            }
        }
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        if (other != null) {
            for (int c : other.values()) {
                double p = (double) c / n;
                h -= p * Math.log(p);
            }
        }
        return h / Math.log(2);
    }
}
