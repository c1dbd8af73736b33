package dev.coffer.core.audit;

import java.io.IOException;
import java.util.List;

/**
 * Where a device's lines go: a file, a TCP peer, syslog. Called from the device's single writer
 * thread only, with whole batches, so a sink can group its fsyncs.
 */
interface AuditSink extends AutoCloseable {
    /** Writes every line (each ends with '\n') and makes them durable before returning. */
    void write(List<byte[]> lines) throws IOException;

    /** Called at batch boundaries: e.g. the file was deleted or replaced, or grew past its limit. */
    default boolean wantsRotation() {
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
