package dev.coffer.core.audit;

import java.io.IOException;
import java.util.List;

/**
 * Where a device's lines go: a file, a TCP peer, syslog. Writes and rotations come from the
 * device's writer thread, one at a time; {@link #sync} may run beside them, from its sync thread.
 */
interface AuditSink extends AutoCloseable {
    /** Writes every line (each ends with '\n'): handed to the operating system or the peer before returning. */
    void write(List<byte[]> lines) throws IOException;

    /**
     * Writes {@code count} lines laid out back to back in {@code bytes}: line {@code i} ends (after
     * its newline) at {@code ends[i]} and starts where the one before ended. Sinks that can write
     * the whole region at once override this; the default hands each line to {@link #write(List)}.
     */
    default void write(byte[] bytes, int[] ends, int count) throws IOException {
        List<byte[]> lines = new java.util.ArrayList<>(count);
        for (int i = 0, start = 0; i < count; start = ends[i++]) {
            lines.add(java.util.Arrays.copyOfRange(bytes, start, ends[i]));
        }
        write(lines);
    }

    /** Makes every line written so far durable (a file's fsync); the sync thread groups these. */
    default void sync() throws IOException {
    }

    /** Checked before each write: the file grew past its size limit or is past its age limit. */
    default boolean wantsRotation() {
        return false;
    }

    /** Checked by the writer thread now and then: the path no longer names the open file (deleted, replaced). */
    default boolean replaced() {
        return false;
    }

    /** Starts a new segment (a new file); the chain continues across it. */
    default void rotate() throws IOException {
    }

    /** Reopens the destination as it is named now (SIGHUP after logrotate moved the file); no rename. */
    default void reopen() throws IOException {
        rotate();
    }

    @Override
    void close() throws IOException;
}
