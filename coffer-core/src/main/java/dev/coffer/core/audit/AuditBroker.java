package dev.coffer.core.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.storage.Storage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit devices and the fail-closed rule: while any device is enabled, a request is served
 * only if at least one device recorded it, and its response is returned only if at least one
 * device recorded that too. A device slower than its {@code write_timeout} counts as failed for
 * that request (its line is still written later, in order). With no device enabled nothing is
 * audited, as in Vault. Recorded means written to the device (for a file: the operating system
 * holds the line, so a crash of this process loses nothing answered); a file device fsyncs what
 * was written every {@code fsync_interval} (20 ms unless set; {@code 0}: before each answer).
 *
 * <p>Stored in the barrier: {@code core/audit/devices} (the table) and, per device, its HMAC key
 * and Ed25519 signing key.
 */
public final class AuditBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditBroker.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TABLE = "core/audit/devices";
    private static final Set<String> TYPES = Set.of("file", "socket", "syslog");
    private static final Map<String, Set<String>> OPTIONS = Map.of(
            "file", Set.of("file_path", "path", "rotate_bytes", "rotate_duration", "fsync_interval", "log_raw", "hmac_accessor", "write_timeout", "checkpoint_every", "mode", "format", "prefix"),
            "socket", Set.of("address", "socket_type", "spool_path", "log_raw", "hmac_accessor", "write_timeout", "checkpoint_every", "format"),
            "syslog", Set.of("address", "tag", "facility", "log_raw", "hmac_accessor", "write_timeout", "checkpoint_every", "format"));
    private static final Pattern SEQ = Pattern.compile("^\\{\"seq\":(\\d+),");

    private final Storage barrier;
    private final Clock clock;
    private final Map<String, Device> devices = new LinkedHashMap<>();
    private final AtomicLong failures;
    private volatile List<Device> active = List.of();
    /** Devices in the stored table, opened or not: more than {@link #active} means fail closed. */
    private volatile int configured;
    private volatile boolean closed;

    private record Device(AuditDeviceConfig config, AuditFormat format, ChainWriter writer) {
        AuditHasher hasher() {
            return format.hasher();
        }
    }

    public AuditBroker(Storage barrier, Clock clock) {
        this(barrier, clock, new AtomicLong());
    }

    /** @param refusals counts requests refused because no device recorded them; it outlives this broker (metrics) */
    public AuditBroker(Storage barrier, Clock clock, AtomicLong refusals) {
        this.barrier = barrier;
        this.clock = clock;
        this.failures = refusals;
    }

    /** Opens every stored device (on unseal). A device that cannot open is logged and skipped. */
    public synchronized void load() {
        List<AuditDeviceConfig> t = table();
        configured = t.size();
        for (AuditDeviceConfig c : t) {
            try {
                devices.put(c.path(), open(c));
            } catch (IOException | RuntimeException e) {
                LOG.error("audit device {} could not be opened: {}", c.path(), e.getMessage());
            }
        }
        active = List.copyOf(devices.values());
    }

    public boolean hasDevices() {
        return configured > 0;
    }

    /** Records a request; throws (503) when devices are enabled and none recorded it. */
    public void logRequest(AuditRecord r) {
        log(r, true);
    }

    /** Records a response; throws (503) when devices are enabled and none recorded it. */
    public void logResponse(AuditRecord r) {
        log(r, false);
    }

    /**
     * Records a side-effect-free request and its response together: one queued item, one wait.
     * The caller holds the response back until this returns, so nothing leaves unrecorded.
     */
    public void logExchange(AuditRecord request, AuditRecord response) {
        join(logExchangeAsync(request, response));
    }

    /**
     * As {@link #logExchange}, without blocking: the future completes (on an audit writer's
     * thread, so dependants must be quick) when the exchange is recorded on at least one device,
     * or fails with the 503 the caller must answer instead.
     */
    public CompletableFuture<Void> logExchangeAsync(AuditRecord request, AuditRecord response) {
        if (closed) {
            return CompletableFuture.failedFuture(CofferException.sealed());
        }
        List<Device> ds = active;
        if (ds.isEmpty()) {
            if (configured > 0) {
                failures.incrementAndGet();
                return CompletableFuture.failedFuture(unavailable());
            }
            return DONE;
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>(ds.size());
        for (Device d : ds) {
            futures.add(d.writer().submit(d.format().exchange(request, response)));
        }
        return anyDevice(ds, futures);
    }

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private void log(AuditRecord r, boolean request) {
        if (closed) {
            // Sealed while this request ran: its answer cannot be recorded, so it is not given.
            throw CofferException.sealed();
        }
        List<Device> ds = active;
        if (ds.isEmpty()) {
            if (configured > 0) {
                failures.incrementAndGet();
                throw unavailable();
            }
            return;
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>(ds.size());
        for (Device d : ds) {
            byte[] body = request ? d.format().request(r) : d.format().response(r);
            futures.add(d.writer().submit(body));
        }
        join(anyDevice(ds, futures));
    }

    /**
     * Completes when one device recorded its lines within its {@code write_timeout} (each
     * device's watchdog fails the waits it holds longer); fails with 503 (and counts it) when
     * every device failed or was too slow. A slow device's lines are still written later, in order.
     */
    private CompletableFuture<Void> anyDevice(List<Device> ds, List<CompletableFuture<Void>> perDevice) {
        for (CompletableFuture<Void> f : perDevice) {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                return DONE;   // recorded already (the usual case): no callbacks needed
            }
        }
        CompletableFuture<Void> result = new CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < ds.size(); i++) {
            perDevice.get(i).whenComplete((v, err) -> {
                if (err == null) {
                    result.complete(null);
                } else if (failed.incrementAndGet() == ds.size()) {
                    failures.incrementAndGet();
                    result.completeExceptionally(unavailable());
                }
            });
        }
        return result;
    }

    private static void join(CompletableFuture<Void> f) {
        try {
            f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof CofferException ce) {
                throw ce;
            }
            throw e;
        }
    }

    private static CofferException unavailable() {
        return new CofferException(CofferException.Kind.UNAVAILABLE,
                "audit: no audit device could record this request, so it was not served");
    }

    /** SIGHUP: every device closes its file with a checkpoint and reopens its path (after logrotate). */
    public void reopen() {
        for (Device d : active) {
            d.writer().requestReopen();
        }
    }

    /** Requests refused because no device could record them (for health and metrics). */
    public long failureCount() {
        return failures.get();
    }

    /** True when a device is failing or a stored device could not be opened. */
    public boolean degraded() {
        List<Device> ds = active;
        return ds.stream().anyMatch(d -> d.writer().isFailing()) || ds.size() < configured;
    }

    // ---- management (sys/audit) ----------------------------------------------------------

    public synchronized List<AuditDeviceConfig> list() {
        return table();
    }

    public synchronized void enable(AuditDeviceConfig c) {
        String path = c.path();
        if (!path.matches("[A-Za-z0-9][A-Za-z0-9._-]*/")) {
            throw CofferException.invalid("audit device path must be letters, digits, '.', '_' or '-': " + path);
        }
        if (!TYPES.contains(c.type())) {
            throw CofferException.invalid("unknown audit device type '" + c.type() + "' (file, socket, syslog)");
        }
        for (String k : c.options().keySet()) {
            if (!OPTIONS.get(c.type()).contains(k)) {
                throw CofferException.invalid("unknown option '" + k + "' for " + c.type() + " audit devices");
            }
        }
        if (devices.containsKey(path) || table().stream().anyMatch(x -> x.path().equals(path))) {
            throw CofferException.invalid("path already in use: an audit device is enabled at " + path);
        }
        if (c.type().equals("file") && c.options().getOrDefault("file_path", c.options().get("path")) == null) {
            throw CofferException.invalid("file audit devices need option 'file_path' (a path, or stdout)");
        }
        if (!c.type().equals("file") && !c.options().containsKey("address") && c.type().equals("socket")) {
            throw CofferException.invalid("socket audit devices need option 'address' (host:port)");
        }
        createKeys(path);
        Device d;
        try {
            d = open(c);
        } catch (IOException | RuntimeException e) {
            deleteKeys(path);
            throw CofferException.invalid("audit device " + path + " cannot be opened: " + e.getMessage());
        }
        List<AuditDeviceConfig> next = new ArrayList<>(table());
        next.add(c);
        writeTable(next);
        devices.put(path, d);
        active = List.copyOf(devices.values());
        configured = next.size();
    }

    public synchronized void disable(String path) {
        Device d = devices.remove(path);
        List<AuditDeviceConfig> next = new ArrayList<>(table());
        next.removeIf(x -> x.path().equals(path));
        writeTable(next);
        active = List.copyOf(devices.values());
        configured = next.size();
        if (d != null) {
            d.writer().close();
            d.hasher().destroy();
        }
        deleteKeys(path);
    }

    /** {@code sys/audit-hash}: the value as device {@code path} would write it. */
    public synchronized String hash(String path, String input) {
        Device d = devices.get(path);
        if (d == null) {
            throw CofferException.invalid("unknown audit device " + path);
        }
        return d.hasher().hash(input);
    }

    /** {@code sys/audit-head}: the device's last sequence number and line hash, signed. */
    public synchronized Map<String, Object> head(String path) {
        Device d = devices.get(path);
        if (d == null) {
            throw CofferException.invalid("unknown audit device " + path);
        }
        ChainWriter.Head h = d.writer().head();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seq", h.seq());
        m.put("hash", h.hash());
        m.put("signature", d.writer().signHead(h));
        m.put("public_key", d.writer().publicKey());
        m.put("failing", d.writer().isFailing());
        return m;
    }

    /** Closes every device (on seal): each writes a signed checkpoint first. Keys are wiped. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Device d : devices.values()) {
            persistHead(d);
            d.writer().close();
            d.hasher().destroy();
        }
        devices.clear();
        active = List.of();
    }

    // ---- internals -------------------------------------------------------------------------

    private Device open(AuditDeviceConfig c) throws IOException {
        Map<String, String> o = c.options();
        boolean raw = Boolean.parseBoolean(o.getOrDefault("log_raw", "false"));
        Duration timeout = dev.coffer.core.logical.FieldData.parseDuration("write_timeout", o.getOrDefault("write_timeout", "3s"));
        int every = Integer.parseInt(o.getOrDefault("checkpoint_every", "1000"));
        if (every < 1) {
            throw new IllegalArgumentException("checkpoint_every must be at least 1");
        }
        // Only files fsync; other sinks are done when written, so they need no sync thread (zero).
        Duration syncInterval = !c.type().equals("file") ? Duration.ZERO : dev.coffer.core.logical.FieldData.parseDuration(
                "fsync_interval", o.getOrDefault("fsync_interval", ChainWriter.DEFAULT_SYNC_INTERVAL.toMillis() + "ms"));
        if (syncInterval.isNegative()) {
            throw new IllegalArgumentException("fsync_interval must not be negative");
        }
        AuditSink sink;
        ChainWriter.Head start = storedHead(c.path());
        switch (c.type()) {
            case "file" -> {
                String p = o.getOrDefault("file_path", o.get("path"));
                if ("stdout".equals(p)) {
                    sink = StreamSinks.stdout();
                } else {
                    Path file = Path.of(p);
                    ChainWriter.Head fromFile = lastLineHead(file);
                    if (fromFile != null) {
                        start = fromFile;
                    }
                    Duration age = dev.coffer.core.logical.FieldData.parseDuration("rotate_duration",
                            o.getOrDefault("rotate_duration", "0s"));
                    if (age.isNegative()) {
                        throw new IllegalArgumentException("rotate_duration must not be negative");
                    }
                    sink = new FileSink(file, Long.parseLong(o.getOrDefault("rotate_bytes", "0")), age, clock);
                }
            }
            case "socket" -> {
                if (o.containsKey("socket_type") && !"tcp".equals(o.get("socket_type"))) {
                    throw new IllegalArgumentException("socket_type must be tcp (use a syslog device for UDP)");
                }
                sink = new SocketSink(o.get("address"), (int) timeout.toMillis(),
                        o.containsKey("spool_path") ? Path.of(o.get("spool_path")) : null);
            }
            default -> sink = StreamSinks.syslog(o.getOrDefault("address", "127.0.0.1:514"), o.getOrDefault("tag", "coffer"), clock);
        }
        byte[] hmac = barrier.get(keyPath(c.path(), "hmac-key")).orElseThrow(() -> new IllegalStateException("missing HMAC key"));
        byte[] signing = barrier.get(keyPath(c.path(), "signing-key")).orElseThrow(() -> new IllegalStateException("missing signing key"));
        PrivateKey priv;
        String pub;
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            priv = kf.generatePrivate(new PKCS8EncodedKeySpec(signing));
            pub = "ed25519:" + new String(barrier.get(keyPath(c.path(), "public-key")).orElseThrow(), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("signing key is unreadable", e);
        } finally {
            java.util.Arrays.fill(signing, (byte) 0);
        }
        ChainWriter w = new ChainWriter(c.path(), sink, start, priv, pub, every, clock, timeout, syncInterval);
        return new Device(c, new AuditFormat(new AuditHasher(SecretBytes.wrap(hmac)), raw), w);
    }

    /** The head from the file's last complete line, so a restarted server continues the chain. */
    static ChainWriter.Head lastLineHead(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return null;
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length();
            int window = (int) Math.min(len, 4 * 1024 * 1024);
            byte[] buf = new byte[window];
            f.seek(len - window);
            f.readFully(buf);
            int end = buf.length;
            while (end > 0 && buf[end - 1] != '\n') {
                end--;
            }
            if (end == 0) {
                return null;
            }
            int start = end - 1;
            while (start > 0 && buf[start - 1] != '\n') {
                start--;
            }
            String line = new String(buf, start, end - 1 - start, StandardCharsets.UTF_8);
            Matcher m = SEQ.matcher(line);
            if (!m.find()) {
                return null;
            }
            return new ChainWriter.Head(Long.parseLong(m.group(1)), ChainWriter.hash(java.util.Arrays.copyOfRange(buf, start, end), end - 1 - start));
        }
    }

    private ChainWriter.Head storedHead(String path) {
        return barrier.get(keyPath(path, "head")).map(b -> {
            try {
                Map<String, Object> m = JSON.readValue(b, new TypeReference<Map<String, Object>>() {});
                return new ChainWriter.Head(((Number) m.get("seq")).longValue(), (String) m.get("hash"));
            } catch (IOException e) {
                return new ChainWriter.Head(0, ChainWriter.ZERO_HASH);
            }
        }).orElse(new ChainWriter.Head(0, ChainWriter.ZERO_HASH));
    }

    private void persistHead(Device d) {
        try {
            ChainWriter.Head h = d.writer().head();
            barrier.put(keyPath(d.config().path(), "head"), JSON.writeValueAsBytes(Map.of("seq", h.seq(), "hash", h.hash())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("audit device {}: could not store its chain head: {}", d.config().path(), e.getMessage());
        }
    }

    private void createKeys(String path) {
        try {
            KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            barrier.put(keyPath(path, "hmac-key"), SecretBytes.random(32).bytes());
            barrier.put(keyPath(path, "signing-key"), kp.getPrivate().getEncoded());
            barrier.put(keyPath(path, "public-key"),
                    Base64.getEncoder().encodeToString(kp.getPublic().getEncoded()).getBytes(StandardCharsets.US_ASCII));
            barrier.delete(keyPath(path, "head"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    private void deleteKeys(String path) {
        for (String k : List.of("hmac-key", "signing-key", "public-key", "head")) {
            barrier.delete(keyPath(path, k));
        }
    }

    private static String keyPath(String path, String what) {
        return "core/audit/device/" + path + what;
    }

    private List<AuditDeviceConfig> table() {
        return barrier.get(TABLE).map(b -> {
            try {
                return JSON.readValue(b, new TypeReference<List<AuditDeviceConfig>>() {});
            } catch (IOException e) {
                throw new CofferException(CofferException.Kind.INTERNAL, "stored audit table is unreadable", e);
            }
        }).orElse(List.of());
    }

    private void writeTable(List<AuditDeviceConfig> t) {
        try {
            barrier.put(TABLE, JSON.writeValueAsBytes(t));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
