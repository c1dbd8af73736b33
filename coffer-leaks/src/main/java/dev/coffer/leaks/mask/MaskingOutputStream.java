package dev.coffer.leaks.mask;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An output stream that writes what it is given to another stream with every occurrence of the
 * {@link Masker}'s patterns replaced; made by {@link Masker#wrap(OutputStream)}.
 *
 * <p>Bytes that cannot be the start of an occurrence pass through at once; the stream holds back
 * only a possible start of one, at most (longest pattern − 1) bytes, until the next write shows
 * whether it completes. Where occurrences overlap or touch, the union of their bytes is replaced
 * by one replacement. Every byte not inside an occurrence is written unchanged.
 *
 * <p>{@link #flush()} writes what can be written and flushes the stream beneath, but keeps a
 * possible start of an occurrence. {@link #flushHeld()} writes that too, for the caller who has
 * decided that no more bytes are coming soon (a prompt waiting for input, a progress bar): if an
 * occurrence does complete later, only its part after that point is replaced. {@link #close()}
 * writes everything and closes the stream beneath.
 *
 * <p>Memory per stream is a buffer of the longest pattern's length. Not thread-safe: use one
 * stream from one thread at a time, or guard every call with the same lock.
 */
public final class MaskingOutputStream extends OutputStream {
    private final Automaton automaton;
    private final OutputStream out;
    private final byte[] replacement;
    /** Bytes from earlier writes not yet written: positions [emitted, pos), at position & mask. */
    private final byte[] held;
    private final int heldMask;

    private int state;
    /** Bytes taken in so far. */
    private long pos;
    /** Every byte before this position is written or masked. */
    private long emitted;
    /** The last thing written was the replacement (so a masked byte right after continues it). */
    private boolean afterMask;
    /** Masked ranges not yet fully written: sorted, disjoint, not touching; a ring. */
    private long[] maskStart = new long[4];
    private long[] maskEnd = new long[4];
    private int maskHead;
    private int maskCount;

    /** The array of the write in progress, holding positions from {@code curStart}. */
    private byte[] cur;
    private int curOff;
    private long curStart;

    private boolean closed;
    private boolean broken;
    private final byte[] single = new byte[1];

    MaskingOutputStream(Automaton automaton, byte[] replacement, OutputStream out) {
        this.automaton = automaton;
        this.replacement = replacement;
        this.out = Objects.requireNonNull(out, "out");
        int capacity = Integer.highestOneBit(Math.max(1, automaton.maxLength) * 2 - 1);
        this.held = new byte[Math.max(1, capacity)];
        this.heldMask = held.length - 1;
    }

    @Override
    public void write(int b) throws IOException {
        single[0] = (byte) b;
        write(single, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        check();
        if (len == 0) {
            return;
        }
        broken = true;
        cur = b;
        curOff = off;
        curStart = pos;
        final Automaton a = automaton;
        final int[] dense = a.dense;
        final int[] byteClass = a.byteClass;
        final int[] match = a.match;
        final int stride = a.filter.stride;
        final long[] filter = a.filter.words;
        final int filterShift = a.filter.shift;
        final int end = off + len;
        final int lastGram = end - SkipFilter.GRAM;
        int s = state;
        int i = off;
        // Run the automaton up to here, and on while in a deep state; then try to skip.
        int scanUntil = stride == 0 ? end : off + 3;
        while (true) {
            while (i < end) {
                int c = b[i++] & 0xff;
                s = s >= 0 ? dense[s + byteClass[c]] : a.step(s, c);
                if (s >= 0) {
                    if (i >= scanUntil) {
                        break;
                    }
                } else {
                    int m = match[~s];
                    if (m != 0) {
                        long p = curStart + (i - off);
                        emitUpTo(p - a.depth(s));
                        addMask(p - m, p);
                    }
                }
            }
            if (i >= end) {
                break;
            }
            // In a dense state no occurrence can start before i - 3: check every stride-th position
            // from there with the filter for the next place where one may start (see SkipFilter).
            int x = i - SkipFilter.GRAM + stride;
            while (x <= lastGram) {
                long h = ((b[x] & 0xff | (b[x + 1] & 0xff) << 8 | (b[x + 2] & 0xff) << 16 | b[x + 3] << 24)
                        & 0xffffffffL) * SkipFilter.HASH;
                long bits = 1L << (int) (h >>> 37) | 1L << (int) (h >>> 43);
                if ((filter[(int) (h >>> filterShift)] & bits) == bits) {
                    break;
                }
                x += stride;
            }
            int start = x - stride + 1;
            if (start > i) {
                // Nothing starts in [i - 3, start): the automaton restarts at the root there.
                i = start;
                s = 0;
            }
            scanUntil = x <= lastGram ? x + SkipFilter.GRAM : end;
        }
        state = s;
        pos = curStart + len;
        emitUpTo(pos - a.depth(s));
        keepTail();
        broken = false;
    }

    /** Writes what cannot be part of an occurrence and flushes the stream beneath. */
    @Override
    public void flush() throws IOException {
        check();
        out.flush();
    }

    /**
     * Writes the held bytes too (masked parts as the replacement) and flushes the stream beneath.
     * Call it when no more output is expected soon, as {@code coffer run} does after 50 ms without
     * output, so that a prompt or a progress bar shows.
     */
    public void flushHeld() throws IOException {
        check();
        broken = true;
        emitUpTo(pos);
        out.flush();
        broken = false;
    }

    /** How many bytes are held back because they may be the start of an occurrence. */
    public int held() {
        return (int) (pos - emitted);
    }

    /** Writes everything held and closes the stream beneath. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!broken) {
                emitUpTo(pos);
            }
        } finally {
            out.close();
        }
    }

    private void check() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        if (broken) {
            throw new IOException("an earlier write to the stream beneath failed");
        }
    }

    /**
     * Writes positions [emitted, to): unmasked bytes as they are, each masked run as the
     * replacement. A masked range that starts at or before {@code emitted} is final (nothing
     * before it is pending, and masking only grows), so it is written and passed over whole, even
     * beyond {@code to}: the bytes held back are then never a complete occurrence.
     */
    private void emitUpTo(long to) throws IOException {
        while (true) {
            if (maskCount > 0 && maskStart[maskHead] <= emitted) {
                if (!afterMask) {
                    out.write(replacement);
                    afterMask = true;
                }
                emitted = Math.max(emitted, maskEnd[maskHead]);
                maskHead = (maskHead + 1) & (maskStart.length - 1);
                maskCount--;
            } else if (emitted < to) {
                long end = maskCount > 0 ? Math.min(maskStart[maskHead], to) : to;
                writeRaw(emitted, end);
                emitted = end;
                afterMask = false;
            } else {
                return;
            }
        }
    }

    private void writeRaw(long from, long to) throws IOException {
        long f = from;
        if (f < curStart) {
            long heldEnd = Math.min(to, curStart);
            int idx = (int) (f & heldMask);
            int n = (int) (heldEnd - f);
            int first = Math.min(n, held.length - idx);
            out.write(held, idx, first);
            if (n > first) {
                out.write(held, 0, n - first);
            }
            f = heldEnd;
        }
        if (f < to) {
            out.write(cur, curOff + (int) (f - curStart), (int) (to - f));
        }
    }

    /** Copies the unwritten end of the current write into the held buffer. */
    private void keepTail() {
        long from = Math.max(emitted, curStart);
        while (from < pos) {
            int idx = (int) (from & heldMask);
            int n = (int) Math.min(pos - from, held.length - idx);
            System.arraycopy(cur, curOff + (int) (from - curStart), held, idx, n);
            from += n;
        }
        cur = null;
        curStart = pos;
    }

    /** Marks [start, end) masked; ranges arrive in order of their end. */
    private void addMask(long start, long end) {
        long s = Math.max(start, emitted);
        long e = end;
        if (s >= e) {
            return;
        }
        int mask = maskStart.length - 1;
        while (maskCount > 0) {
            int tail = (maskHead + maskCount - 1) & mask;
            if (s > maskEnd[tail]) {
                break;
            }
            s = Math.min(s, maskStart[tail]);
            e = Math.max(e, maskEnd[tail]);
            maskCount--;
        }
        if (maskCount == maskStart.length) {
            grow();
            mask = maskStart.length - 1;
        }
        int at = (maskHead + maskCount) & mask;
        maskStart[at] = s;
        maskEnd[at] = e;
        maskCount++;
    }

    private void grow() {
        int n = maskStart.length;
        long[] starts = new long[n * 2];
        long[] ends = new long[n * 2];
        for (int i = 0; i < maskCount; i++) {
            starts[i] = maskStart[(maskHead + i) & (n - 1)];
            ends[i] = maskEnd[(maskHead + i) & (n - 1)];
        }
        maskStart = starts;
        maskEnd = ends;
        maskHead = 0;
    }

    @Override
    public String toString() {
        return "MaskingOutputStream[" + automaton.patternCount + " patterns]";
    }
}
