package dev.coffer.core.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import dev.coffer.core.logical.Rfc3339;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's hash chain and its writer thread. Each line gets {@code seq} (1, 2, ... across
 * files) and {@code prev_hash} (SHA-256 of the previous line's bytes, without its newline); every
 * {@code checkpointEvery} lines, on rotation and on close, a {@code checkpoint} line signs the chain
 * head with the device's Ed25519 key, so a cut tail is caught as well as a changed line. Every new
 * file starts with an {@code open} line carrying the public key.
 *
 * <p>Requests hand in entry bodies and get a future; the writer thread numbers a whole batch,
 * writes it with one system call and completes the batch's futures once the operating system has
 * the lines (a crash of this process loses nothing answered). The fsyncs are grouped apart: a
 * sync thread makes everything written durable at most every {@code syncInterval}, so the writer
 * never waits on the disk. With a zero interval each batch is fsynced before its futures complete
 * (group commit). Lines that could not be written stay queued, in order, and are retried in the
 * background: the log stays complete even when a request had to go on without this device.
 */
final class ChainWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChainWriter.class);
    static final String ZERO_HASH = "sha256:" + "0".repeat(64);
    private static final int MAX_BATCH = 2048;
    private static final int MAX_PENDING = 100_000;
    /** How long written lines may wait for their fsync unless a device says otherwise ({@code fsync_interval}). */
    static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(20);

    /** Where the chain stands: the last line's number and hash. */
    record Head(long seq, String hash) {}

    /** Entry bodies written together, in order, numbered one after the other; one future for all. */
    private record Item(byte[][] bodies, CompletableFuture<Void> done, long submitted) {}

    /** One thread for every device: fails the waits of items a device holds past its write timeout. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "coffer-audit-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final String device;
    private final AuditSink sink;
    private final Ed25519PrivateKeyParameters signingKey;
    private final long timeoutNanos;
    private final ScheduledFuture<?> watch;
    /** The chain's SHA-256, used by the writer thread only. */
    private final MessageDigest chainDigest;
    private final String publicKey;
    private final int checkpointEvery;
    private final Clock clock;
    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    /** Numbered lines not yet written (the device failed); written first once it recovers. */
    private final Deque<byte[]> unwritten = new ArrayDeque<>();
    private final Thread thread;
    /** Zero: every batch is fsynced before its requests are answered. */
    private final long syncIntervalNanos;
    /** Groups the fsyncs when the interval is not zero; null otherwise. */
    private final Thread syncer;
    /** Lines were written since the syncer's last fsync. */
    private final java.util.concurrent.atomic.AtomicBoolean dirty = new java.util.concurrent.atomic.AtomicBoolean();
    /** The batch being written now (for the watchdog), or null. */
    private volatile Item[] writing;
    private volatile boolean running = true;
    private volatile boolean failing;
    /** The last fsync failed; only a successful one clears it. Batches are not answered meanwhile. */
    private volatile boolean syncError;
    /** When the fsync in progress started (System.nanoTime), or 0. */
    private volatile long syncStarted;
    /** Sends the second half of a big batch's answers beside the writer thread; null on one core. */
    private final java.util.concurrent.ExecutorService answerer;
    private volatile Head head;
    /** Where the writer assembles each batch. */
    private final Batch assembly = new Batch();
    private long sinceCheckpoint;
    private boolean needOpenLine = true;
    private boolean segmentClosed;
    private volatile boolean reopenRequested;

    /**
     * @param signingKey the device's Ed25519 key (only its 32-byte seed is kept)
     * @param timeout how long a request waits for this device before it counts as failed for it
     */
    ChainWriter(String device, AuditSink sink, Head start, PrivateKey signingKey, String publicKey,
                int checkpointEvery, Clock clock, Duration timeout) {
        this(device, sink, start, signingKey, publicKey, checkpointEvery, clock, timeout, DEFAULT_SYNC_INTERVAL);
    }

    /** @param syncInterval how often written lines are made durable; zero: before each answer */
    ChainWriter(String device, AuditSink sink, Head start, PrivateKey signingKey, String publicKey,
                int checkpointEvery, Clock clock, Duration timeout, Duration syncInterval) {
        this.device = device;
        this.syncIntervalNanos = syncInterval.toNanos();
        this.sink = sink;
        this.head = start;
        byte[] seed = ((EdECPrivateKey) signingKey).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the Ed25519 signing key has no seed"));
        try {
            // BouncyCastle's Ed25519 signs the same (deterministic) signatures as the JDK's about
            // 15 times faster on JDK 17 (40 µs against 600 µs), and a busy device signs tens of
            // checkpoints a second.
            this.signingKey = new Ed25519PrivateKeyParameters(seed, 0);
        } finally {
            java.util.Arrays.fill(seed, (byte) 0);
        }
        try {
            this.chainDigest = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        this.timeoutNanos = timeout.toNanos();
        this.publicKey = publicKey;
        this.checkpointEvery = checkpointEvery;
        this.clock = clock;
        this.thread = new Thread(this::run, "coffer-audit-" + device);
        thread.setDaemon(true);
        if (syncIntervalNanos > 0) {
            syncer = new Thread(this::syncLoop, "coffer-audit-sync-" + device);
            syncer.setDaemon(true);
            syncer.start();
        } else {
            syncer = null;
        }
        answerer = Runtime.getRuntime().availableProcessors() < 2 ? null
                : Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "coffer-audit-answer-" + device);
                    t.setDaemon(true);
                    return t;
                });
        long every = Math.max(5, Math.min(250, timeout.toMillis() / 4));
        this.watch = WATCHDOG.scheduleWithFixedDelay(() -> {
            try {
                expireSlowWaits();
            } catch (Throwable t) {   // a throw would cancel this task for good
                LOG.error("audit device {}: watchdog failure", device, t);
            }
        }, every, every, TimeUnit.MILLISECONDS);
        thread.start();   // last: the writer reads syncer and answerer
    }

    /**
     * Queues entry bodies (JSON objects), written in order in one batch, and returns a future that
     * completes when all of them are written (with a zero sync interval: and fsynced), or fails.
     * It completes on this device's writer or answer thread, or on the watchdog's when the device
     * held it past its write timeout (the lines are still written later, in order).
     */
    CompletableFuture<Void> submit(byte[]... bodies) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new IOException("audit device " + device + " is closed"));
        } else if (queue.size() + unwritten.size() > MAX_PENDING) {
            f.completeExceptionally(new IOException("audit device " + device + " has " + MAX_PENDING + " lines waiting"));
        } else {
            Item item = new Item(bodies, f, System.nanoTime());
            queue.add(item);
            if (!running && queue.remove(item)) {
                // closed meanwhile: the writer may have seen the queue empty for the last time
                f.completeExceptionally(new IOException("audit device " + device + " is closed"));
            }
        }
        return f;
    }

    Head head() {
        return head;
    }

    /** Fails every wait older than the write timeout, queued or being written; run by the watchdog. */
    private void expireSlowWaits() {
        long now = System.nanoTime();
        Item oldest = queue.peek();
        Item[] w = writing;
        boolean writingTooLong = w != null && w.length > 0 && now - w[0].submitted() > timeoutNanos;
        if (!writingTooLong && (oldest == null || now - oldest.submitted() <= timeoutNanos)) {
            return;
        }
        IOException slow = new IOException("audit device " + device + " did not record within its write_timeout");
        if (w != null) {
            for (Item i : w) {
                if (now - i.submitted() > timeoutNanos) {
                    i.done().completeExceptionally(slow);
                }
            }
        }
        for (Item i : queue) {
            if (now - i.submitted() > timeoutNanos) {
                i.done().completeExceptionally(slow);
            }
        }
    }

    /** Closes the current segment with a checkpoint and reopens the path (SIGHUP, logrotate). */
    void requestReopen() {
        reopenRequested = true;
    }

    /** The device cannot write, its last fsync failed, or an fsync has hung past the write timeout. */
    boolean isFailing() {
        return failing || durabilityProblem() != null;
    }

    /** Why written lines cannot count as recorded now, or null. */
    private IOException durabilityProblem() {
        if (syncError) {
            return new IOException("audit device " + device + " could not fsync its file");
        }
        long started = syncStarted;
        if (started != 0 && System.nanoTime() - started > timeoutNanos) {
            return new IOException("audit device " + device + " has an fsync that did not finish within its write_timeout");
        }
        return null;
    }

    /** Signs "coffer-audit-head\n<device>\n<seq>\n<hash>" so a client can compare a file against it. */
    String signHead(Head h) {
        return sign(headMessage(device, h.seq(), h.hash()));
    }

    String publicKey() {
        return publicKey;
    }

    /**
     * The writer thread: writes queued items in batches, retries unwritten lines, rotates or
     * reopens the file when asked or when its path changed.
     */
    private void run() {
        List<Item> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Item first = queue.poll(failing ? 500 : 200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH);
                }
                if (batch.isEmpty() && unwritten.isEmpty() && !reopenRequested && !needOpenLine && !sink.replaced()) {
                    continue;
                }
                writing = batch.toArray(new Item[0]);
                if (writeBatch(batch)) {
                    IOException notDurable;
                    if (syncer == null) {
                        notDurable = syncNow();
                    } else {
                        if (dirty.compareAndSet(false, true)) {
                            LockSupport.unpark(syncer);
                        }
                        notDurable = durabilityProblem();
                    }
                    completeAll(batch, notDurable);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Throwable e) {   // this thread must outlive anything one batch does
                LOG.error("audit device {}: unexpected failure", device, e);
                failing = true;
                batch.forEach(i -> i.done().completeExceptionally(e));
            }
            writing = null;
            batch.clear();
        }
        finish();
    }

    /**
     * Completes the batch's futures, which sends the held-back answers (Jetty's writes run in the
     * completing thread). A big batch is split: a pool thread answers the second half while this
     * thread answers the first, so the answers leave on two cores instead of one by one.
     */
    private void completeAll(List<Item> batch, IOException notDurable) {
        int n = batch.size();
        int split = answerer != null && n >= 4 ? n / 2 : n;
        if (split < n) {
            Item[] rest = batch.subList(split, n).toArray(new Item[0]);
            try {
                answerer.execute(() -> {
                    for (Item i : rest) {
                        complete(i, notDurable);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                split = n;
            }
        }
        for (int k = 0; k < split; k++) {
            complete(batch.get(k), notDurable);
        }
    }

    private static void complete(Item i, IOException notDurable) {
        if (notDurable == null) {
            i.done().complete(null);
        } else {
            i.done().completeExceptionally(notDurable);
        }
    }

    /** The sync thread: once lines were written, waits out the interval (more come), then fsyncs them all. */
    private void syncLoop() {
        while (running || dirty.get()) {
            try {
                if (!dirty.get() && !syncError) {
                    LockSupport.parkNanos(this, 200_000_000L);
                    continue;
                }
                LockSupport.parkNanos(this, syncError ? 100_000_000L : syncIntervalNanos);
                dirty.set(false);
                syncNow();
            } catch (Throwable t) {   // this thread must outlive anything one fsync does
                LOG.error("audit device {}: unexpected failure while syncing", device, t);
                syncError = true;
            }
        }
    }

    /**
     * Makes every written line durable. A failure is kept until an fsync succeeds: meanwhile this
     * device's batches are not answered (requests go on only through other devices, or get 503).
     */
    private IOException syncNow() {
        syncStarted = Math.max(1, System.nanoTime());
        try {
            sink.sync();
            if (syncError) {
                LOG.info("audit device {} syncs again", device);
            }
            syncError = false;
            return null;
        } catch (IOException e) {
            if (!syncError) {
                LOG.error("audit device {} cannot fsync its file: {}", device, e.getMessage());
            }
            syncError = true;
            return e;
        } finally {
            syncStarted = 0;
        }
    }

    /**
     * Numbers, chains and writes the batch. On failure the numbered lines are kept for a later
     * retry and the items fail; on success the caller completes them.
     */
    private boolean writeBatch(List<Item> batch) {
        Head h = head;
        long since = sinceCheckpoint;
        boolean reopen = reopenRequested;
        if (unwritten.isEmpty() && (reopen || sink.wantsRotation() || sink.replaced())) {
            // Close the old segment with a signed checkpoint (best effort: the file may be gone),
            // then open the new one. If that fails, nothing of this batch is numbered: the chain
            // has no gap, and the requests were recorded by another device or refused.
            if (!segmentClosed) {
                byte[] cp = checkpoint(h);
                try {
                    sink.write(List.of(cp));
                    h = next(h, cp);
                    head = h;
                } catch (IOException ignored) {
                    // the old file cannot take its checkpoint; the new one starts from the same head
                }
                segmentClosed = true;
            }
            try {
                if (reopen) {
                    reopenRequested = false;
                    sink.reopen();
                } else {
                    sink.rotate();
                }
            } catch (IOException e) {
                failed(batch, e);
                return false;
            }
            segmentClosed = false;
            needOpenLine = true;
            since = 0;
        }
        Batch lines = assembly;
        lines.clear();
        for (byte[] u : unwritten) {
            lines.appendWhole(u);
        }
        boolean opened = needOpenLine;
        if (opened) {
            h = appendLine(lines, h, openBody());
        }
        for (Item i : batch) {
            for (byte[] body : i.bodies()) {
                h = appendLine(lines, h, body);
                if (++since >= checkpointEvery) {
                    h = appendLine(lines, h, checkpointBody(h));
                    since = 0;
                }
            }
        }
        try {
            sink.write(lines.bytes(), lines.ends(), lines.count());
            lines.trim();
            unwritten.clear();
            if (opened) {
                needOpenLine = false;
            }
            head = h;
            sinceCheckpoint = since;
            if (failing) {
                LOG.info("audit device {} recovered", device);
            }
            failing = false;
            return true;
        } catch (IOException e) {
            // Keep the numbered lines: they are written, in order, when the device recovers.
            unwritten.clear();
            unwritten.addAll(lines.copies());
            lines.trim();
            if (opened) {
                needOpenLine = false;   // it is among the kept lines
            }
            head = h;
            sinceCheckpoint = since;
            failed(batch, e);
            return false;
        }
    }

    private void failed(List<Item> batch, IOException e) {
        if (!failing) {
            LOG.error("audit device {} cannot write: {}", device, e.getMessage());
        }
        failing = true;
        batch.forEach(i -> i.done().completeExceptionally(e));
    }

    private void finish() {
        try {
            List<byte[]> lines = new ArrayList<>(unwritten);
            Head h = head;
            if (!lines.isEmpty() || sinceCheckpoint > 0) {
                lines.add(checkpoint(h));
                h = next(h, lines.get(lines.size() - 1));
            }
            if (!lines.isEmpty()) {
                sink.write(lines);
                head = h;
            }
        } catch (IOException e) {
            LOG.error("audit device {}: could not write its closing checkpoint: {}", device, e.getMessage());
        } finally {
            try {
                sink.close();
            } catch (IOException e) {
                LOG.warn("audit device {}: close failed: {}", device, e.getMessage());
            }
        }
    }

    private byte[] openBody() {
        return ("{\"type\":\"open\",\"time\":\"" + now() + "\",\"device\":" + quote(device)
                + ",\"public_key\":\"" + publicKey + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The checkpoint line after {@code h}. */
    private byte[] checkpoint(Head h) {
        return line(h, checkpointBody(h));
    }

    /** Signs {@link #checkpointMessage}: the line's every field but the signature itself. */
    private byte[] checkpointBody(Head h) {
        String time = now();
        String signature = sign(checkpointMessage(device, h.seq() + 1, h.hash(), time));
        return ("{\"type\":\"checkpoint\",\"time\":\"" + time + "\",\"device\":" + quote(device)
                + ",\"signature\":\"" + signature + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    static String checkpointMessage(String device, long seq, String prevHash, String time) {
        return "coffer-audit-checkpoint\n" + device + "\n" + seq + "\n" + prevHash + "\n" + time;
    }

    static String headMessage(String device, long seq, String hash) {
        return "coffer-audit-head\n" + device + "\n" + seq + "\n" + hash;
    }

    private static final byte[] SEQ = "{\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREV_HASH = ",\"prev_hash\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256 = "sha256:".getBytes(StandardCharsets.US_ASCII);

    /**
     * {"seq":N,"prev_hash":"…", + the body's fields}\n, assembled as bytes in one array (this runs
     * for every line; a String concatenation and its encoding cost more than the copy).
     */
    static byte[] line(Head h, byte[] body) {
        byte[] out = new byte[lineLength(h, body)];
        writeLine(h, body, out, 0);
        return out;
    }

    private static int lineLength(Head h, byte[] body) {
        return SEQ.length + digits(h.seq() + 1) + PREV_HASH.length + h.hash().length() + 1 + (body.length > 2 ? 1 : 0)
                + body.length - 1 + 1;
    }

    /** Writes the line after {@code h} into {@code out} at {@code at}; returns where it ends (after its newline). */
    private static int writeLine(Head h, byte[] body, byte[] out, int at) {
        long seq = h.seq() + 1;
        String hash = h.hash();
        int digits = digits(seq);
        boolean fields = body.length > 2;
        System.arraycopy(SEQ, 0, out, at, SEQ.length);
        at += SEQ.length + digits;
        for (int i = at - 1; i >= at - digits; i--, seq /= 10) {
            out[i] = (byte) ('0' + seq % 10);
        }
        System.arraycopy(PREV_HASH, 0, out, at, PREV_HASH.length);
        at += PREV_HASH.length;
        for (int i = 0; i < hash.length(); i++) {
            char c = hash.charAt(i);
            if (c > 0x7e || c < 0x20 || c == '"' || c == '\\') {
                throw new IllegalArgumentException("a chain hash is printable ASCII");
            }
            out[at++] = (byte) c;
        }
        out[at++] = '"';
        if (fields) {
            out[at++] = ',';
        }
        System.arraycopy(body, 1, out, at, body.length - 1);
        at += body.length - 1;
        out[at++] = '\n';
        return at;
    }

    /** Appends the line after {@code h} to the batch and returns the head after it (writer thread only). */
    private Head appendLine(Batch b, Head h, byte[] body) {
        int start = b.length();
        int end = writeLine(h, body, b.reserve(lineLength(h, body)), start);
        b.ended(end);
        return advance(h, b.bytes(), start, end - 1);
    }

    /**
     * A batch's lines laid out back to back in one reused array, so a line is built where it is
     * hashed and handed to the sink, without an array of its own (writer thread only).
     */
    private static final class Batch {
        /** A batch at full load (2048 reads, ~5 MB) keeps its array; anything bigger (log_raw) lets it go. */
        private static final int KEEP = 16 << 20;
        private static final int MAX = Integer.MAX_VALUE - 16;
        private byte[] bytes = new byte[64 * 1024];
        private int[] ends = new int[64];
        private int length;
        private int count;

        void clear() {
            length = 0;
            count = 0;
        }

        int length() {
            return length;
        }

        byte[] bytes() {
            return bytes;
        }

        int[] ends() {
            return ends;
        }

        int count() {
            return count;
        }

        /** Room for {@code n} more bytes at {@link #length}; returns the (possibly new) array. */
        byte[] reserve(int n) {
            if (bytes.length - length < n) {
                long need = (long) length + n;
                if (need > MAX) {
                    throw new IllegalStateException("an audit batch of more than 2 GiB cannot be assembled");
                }
                bytes = java.util.Arrays.copyOf(bytes, (int) Math.min(MAX, Math.max(2L * bytes.length, need)));
            }
            return bytes;
        }

        /** The line written from {@link #length} ends at {@code end}. */
        void ended(int end) {
            if (count == ends.length) {
                ends = java.util.Arrays.copyOf(ends, count * 2);
            }
            ends[count++] = end;
            length = end;
        }

        void appendWhole(byte[] line) {
            System.arraycopy(line, 0, reserve(line.length), length, line.length);
            ended(length + line.length);
        }

        /** Each line as an array of its own (to keep for a retry). */
        List<byte[]> copies() {
            List<byte[]> out = new ArrayList<>(count);
            for (int i = 0, start = 0; i < count; start = ends[i++]) {
                out.add(java.util.Arrays.copyOfRange(bytes, start, ends[i]));
            }
            return out;
        }

        /** After a very large batch (log_raw lines), lets the big array go. */
        void trim() {
            if (bytes.length > KEEP) {
                bytes = new byte[64 * 1024];
            }
            if (ends.length > 4096) {
                ends = new int[64];
            }
            clear();
        }
    }

    private static int digits(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("sequence numbers are positive");
        }
        int d = 1;
        while (n >= 10) {
            n /= 10;
            d++;
        }
        return d;
    }

    /** The head after {@code line} (writer thread only: the digest is reused). */
    private Head next(Head h, byte[] line) {
        return advance(h, line, 0, line.length - 1);
    }

    /** The head after the line whose bytes, without their newline, are {@code bytes[from, to)}. */
    private Head advance(Head h, byte[] bytes, int from, int to) {
        chainDigest.update(bytes, from, to - from);
        return new Head(h.seq() + 1, hex(chainDigest.digest()));
    }

    /** "sha256:" and the digest in lower-case hex. */
    private static String hex(byte[] digest) {
        return new String(AuditHasher.prefixedHex(SHA256, digest), StandardCharsets.ISO_8859_1);
    }

    static String hash(byte[] bytes, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(bytes, 0, length);
            return hex(d.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String sign(String message) {
        byte[] m = message.getBytes(StandardCharsets.UTF_8);
        Ed25519Signer s = new Ed25519Signer();
        s.init(true, signingKey);
        s.update(m, 0, m.length);
        return "ed25519:" + Base64.getEncoder().encodeToString(s.generateSignature());
    }

    private String now() {
        return Rfc3339.format(clock.instant());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
            if (syncer != null) {
                LockSupport.unpark(syncer);
                syncer.join(10_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Whatever the writer did not get to (it may be stuck in a hung write) fails now:
            // no request waits on a closed device.
            IOException closed = new IOException("audit device " + device + " is closed");
            for (Item i; (i = queue.poll()) != null; ) {
                i.done().completeExceptionally(closed);
            }
            Item[] w = writing;
            if (w != null) {
                for (Item i : w) {
                    i.done().completeExceptionally(closed);
                }
            }
            watch.cancel(false);
            if (answerer != null) {
                answerer.shutdown();
            }
        }
    }
}
