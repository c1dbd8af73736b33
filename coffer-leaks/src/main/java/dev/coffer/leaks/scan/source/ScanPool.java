package dev.coffer.leaks.scan.source;

import dev.coffer.leaks.scan.Detector;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.ScanListener;
import dev.coffer.leaks.scan.Skipped;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The detector threads of one scan. Each task first reserves the bytes it will hold; when the
 * reservations reach the in-flight budget the producer waits, so a fast reader never piles up
 * content in memory.
 */
final class ScanPool implements AutoCloseable {
    private final ExecutorService executor;
    private final Semaphore budget;
    private final int maxPermits;
    private final Semaphore tasks;
    private final int maxTasks;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    final Detector detector;
    final long maxBlobBytes;
    final ScanListener listener;

    ScanPool(ScanOptions options, Detector detector, ScanListener listener) {
        this.maxPermits = (int) options.maxInFlightBytes();
        this.maxTasks = options.threads() * 256;
        this.tasks = new Semaphore(maxTasks);
        this.budget = new Semaphore(maxPermits);
        this.detector = detector;
        this.maxBlobBytes = options.maxBlobBytes();
        this.listener = listener;
        this.executor = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "coffer-scan");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Blocks until {@code size} bytes fit in the budget and a task slot is free (small files are
     * many); the returned reservation is handed to {@link #submit}, which must follow.
     */
    int reserve(long size) throws IOException {
        int permits = (int) Math.max(1, Math.min(size, maxPermits));
        acquire(tasks, 1);
        try {
            acquire(budget, permits);
        } catch (IOException e) {
            tasks.release();
            throw e;
        }
        return permits;
    }

    private static void acquire(Semaphore semaphore, int permits) throws IOException {
        try {
            semaphore.acquire(permits);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("scan interrupted");
        }
    }

    /** Runs {@code task} on a detector thread and releases {@code reservation} when it ends. */
    void submit(int reservation, IoTask task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    budget.release(reservation);
                    tasks.release();
                }
            });
        } catch (RuntimeException e) {
            budget.release(reservation);
            tasks.release();
            throw e;
        }
    }

    /** Scans bytes already in memory on a detector thread (they were reserved with {@link #reserve}). */
    void scanLater(int reservation, Origin origin, byte[] data, int length, long skippedTail) {
        submit(reservation, () -> scanNow(origin, data, length, skippedTail));
    }

    /** Scans on the calling thread, counting the bytes and reporting the part beyond the size cap. */
    void scanNow(Origin origin, byte[] data, int length, long skippedTail) {
        items.incrementAndGet();
        bytes.addAndGet(length);
        try {
            detector.scan(origin, data, 0, length, listener);
        } catch (RuntimeException e) {
            listener.skipped(new Skipped(origin, "the detector failed: " + e, length));
        }
        if (skippedTail > 0) {
            listener.skipped(new Skipped(origin, "larger than the size limit of " + length
                    + " bytes: only the first " + length + " bytes were scanned", skippedTail));
        }
    }

    /** Waits for every task; rethrows the first failure of a task. */
    ScanStats finish() throws IOException {
        acquire(tasks, maxTasks);
        tasks.release(maxTasks);
        Throwable t = failure.get();
        if (t instanceof IOException e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new ScanStats(items.get(), bytes.get());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A task that may fail with an I/O error. */
    interface IoTask {
        void run() throws IOException;
    }
}
