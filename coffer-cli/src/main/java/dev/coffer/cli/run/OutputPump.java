package dev.coffer.cli.run;

import dev.coffer.leaks.mask.MaskingOutputStream;
import dev.coffer.leaks.mask.MaskingPump;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.ScheduledExecutorService;

/**
 * One of the command's output pipes copied, on its own thread, through a {@link MaskingPump} to
 * coffer's own stream: flushed after every read, and what the masker holds back written out once
 * the pipe has been quiet for {@link MaskingPump#DEFAULT_IDLE} (a prompt, a progress bar).
 *
 * <p>When coffer's own stream fails (a reader such as {@code head} went away), the pipe is closed,
 * so the command gets {@code EPIPE}/{@code SIGPIPE} as it would writing there itself.
 */
final class OutputPump {
    private final Counting in;
    private final MaskingPump pump;
    private final Thread thread;

    OutputPump(String name, InputStream in, MaskingOutputStream out, ScheduledExecutorService timer) {
        this.in = new Counting(in);
        this.pump = new MaskingPump(out, timer, MaskingPump.DEFAULT_IDLE);
        this.thread = new Thread(this::copy, name);
        this.thread.setDaemon(true);
    }

    /** {@code sink} as the masker's downstream: never closed through it, and failing once it has failed. */
    static OutputStream downstream(PrintStream sink) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                sink.write(b);
                check();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                sink.write(b, off, len);
                check();
            }

            @Override
            public void flush() throws IOException {
                check();
            }

            @Override
            public void close() throws IOException {
                check();
            }

            /** A {@link PrintStream} swallows write errors; this reports them (and flushes). */
            private void check() throws IOException {
                if (sink.checkError()) {
                    throw new IOException("output closed");
                }
            }
        };
    }

    void start() {
        thread.start();
    }

    private void copy() {
        try {
            pump.copy(in);
        } catch (IOException e) {
            // coffer's output is gone, or the pipe broke: stop reading, so that the command sees EPIPE
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                // closed already
            }
        }
    }

    /**
     * Waits until the command's end of the pipe is closed and everything is written. Gives up
     * when nothing has come for {@code quietMillis} and nothing waits in the pipe: a background
     * process the command left behind holds it open. By then the pump has written out what the
     * masker held; what such a process writes later is dropped.
     */
    void awaitEnd(long quietMillis) throws InterruptedException {
        while (thread.isAlive()) {
            long before = in.count;
            thread.join(quietMillis);
            if (thread.isAlive() && in.count == before && in.waiting() == 0) {
                return;
            }
        }
    }

    /** Counts the bytes read, to tell a quiet pipe from a busy one. */
    private static final class Counting extends FilterInputStream {
        volatile long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        int waiting() {
            try {
                return available();
            } catch (IOException e) {
                return 0;
            }
        }
    }
}
