package dev.coffer.leaks.mask;

/**
 * Tells a scan where no pattern can start, so that it need not run the automaton there.
 *
 * <p>Let m be the length of the shortest pattern and the {@link #stride} k = m − 3 (at most 16).
 * The filter holds every 4-byte string found at offsets 0 to k−1 of a pattern. An occurrence that
 * starts at position y has one of those strings at each of the positions y to y+k−1, so if the
 * 4 bytes at a position x are not in the filter, no occurrence starts in (x−k, x]: checking every
 * k-th position finds every place where one may start. The filter is a blocked Bloom filter (two
 * bits in one 64-bit word): it can wrongly answer "maybe", never "no".
 */
final class SkipFilter {
    /** The filter reads 4 bytes at a time. */
    static final int GRAM = 4;
    /** Multiplier of the hash: its high bits depend on every bit of the 4 bytes. */
    static final long HASH = 0x9E3779B97F4A7C15L;
    private static final int MAX_STRIDE = 16;
    /** At most 256 KB: the filter should stay in the L2 cache. */
    private static final int MAX_WORDS = 1 << 15;

    /** The distance between checked positions; 0 when there is no filter (patterns under 4 bytes). */
    final int stride;
    final long[] words;
    /** {@code 64 - log2(words.length)}: the word is the hash's top bits. */
    final int shift;

    /**
     * A filter over the patterns that are not duplicates ({@code common[i] >= 0}), of which there
     * are {@code patterns} and the shortest has {@code shortest} bytes.
     */
    SkipFilter(byte[][] sorted, int[] common, int patterns, int shortest) {
        if (patterns == 0 || shortest < GRAM) {
            stride = 0;
            words = new long[0];
            shift = 0;
            return;
        }
        stride = Math.min(MAX_STRIDE, shortest - GRAM + 1);
        long grams = (long) patterns * stride;
        int n = (int) Math.min(MAX_WORDS, Math.max(64, grams / 4));
        words = new long[Integer.highestOneBit(n * 2 - 1)];
        shift = 64 - Integer.numberOfTrailingZeros(words.length);
        for (int i = 0; i < sorted.length; i++) {
            if (common[i] >= 0) {
                add(sorted[i]);
            }
        }
    }

    private void add(byte[] pattern) {
        for (int o = 0; o < stride; o++) {
            long h = hash(gram(pattern, o));
            words[(int) (h >>> shift)] |= bits(h);
        }
    }

    /** The 4 bytes at {@code b[x]}, little-endian. */
    static int gram(byte[] b, int x) {
        return (b[x] & 0xff) | (b[x + 1] & 0xff) << 8 | (b[x + 2] & 0xff) << 16 | b[x + 3] << 24;
    }

    static long hash(int gram) {
        return (gram & 0xffffffffL) * HASH;
    }

    /**
     * The two bits of a hash in its word: from the 12 bits just below the at most 15 that pick the
     * word (a shift of a {@code long} uses the low 6 bits of the count).
     */
    static long bits(long hash) {
        return 1L << (int) (hash >>> 37) | 1L << (int) (hash >>> 43);
    }

    /** Whether a pattern may have these 4 bytes at an offset below the stride. */
    boolean maybe(int gram) {
        long h = hash(gram);
        long b = bits(h);
        return (words[(int) (h >>> shift)] & b) == b;
    }
}
