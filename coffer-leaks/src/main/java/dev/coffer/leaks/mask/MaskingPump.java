package dev.coffer.leaks.mask;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Copies an input stream (a child's stdout, or stdin for {@code coffer mask}) into a
 * {@link MaskingOutputStream}, flushing after every read so output is not delayed, and calling
 * {@link MaskingOutputStream#flushHeld()} when the input has been quiet for the idle time while
 * bytes are held: a prompt or a progress bar then shows although it could be the start of a
 * secret. The scheduler is only used to run that idle check; tests pass one they drive by hand.
 *
 * <p>One pump per stream. The pump serialises its own calls and the idle check on one lock; do not
 * use the stream from elsewhere while {@link #copy(InputStream)} runs.
 */
public final class MaskingPump {
    /** The idle time {@code coffer run} and {@code coffer mask} use. */
    public static final Duration DEFAULT_IDLE = Duration.ofMillis(50);

    /** Reads from a pipe return at most 64 KB; from a file, larger reads mean fewer system calls. */
    private static final int BUFFER = 256 * 1024;

    private final MaskingOutputStream out;
    private final ScheduledExecutorService scheduler;
    private final long idleNanos;
    private final Object lock = new Object();
    private long writes;
    private ScheduledFuture<?> pending;
    private IOException idleFailure;

    /** A pump into {@code out} that flushes held bytes after {@code idle} without input. */
    public MaskingPump(MaskingOutputStream out, ScheduledExecutorService scheduler, Duration idle) {
        this.out = Objects.requireNonNull(out, "out");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        if (idle.isNegative()) {
            throw new IllegalArgumentException("idle must not be negative: " + idle);
        }
        this.idleNanos = idle.toNanos();
    }

    /**
     * Copies until the end of {@code in}, then writes every held byte and flushes; {@code out} stays
     * open. Returns the number of bytes read.
     */
    public long copy(InputStream in) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            if (n == 0) {
                continue;
            }
            total += n;
            synchronized (lock) {
                throwIdleFailure();
                out.write(buffer, 0, n);
                out.flush();
                long write = ++writes;
                cancelPending();
                if (out.held() > 0) {
                    pending = scheduler.schedule(new IdleCheck(write), idleNanos, TimeUnit.NANOSECONDS);
                }
            }
        }
        synchronized (lock) {
            cancelPending();
            throwIdleFailure();
            out.flushHeld();
        }
        return total;
    }

    /** Writes the held bytes if no write came after the one it was scheduled for. */
    private final class IdleCheck implements Runnable {
        private final long write;

        IdleCheck(long write) {
            this.write = write;
        }

        @Override
        public void run() {
            synchronized (lock) {
                if (write != writes || idleFailure != null) {
                    return;
                }
                pending = null;
                try {
                    out.flushHeld();
                } catch (IOException e) {
                    idleFailure = e;
                }
            }
        }
    }

    private void cancelPending() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void throwIdleFailure() throws IOException {
        if (idleFailure != null) {
            throw idleFailure;
        }
    }
}
