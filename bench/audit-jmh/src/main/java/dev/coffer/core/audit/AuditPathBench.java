package dev.coffer.core.audit;

import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.token.TokenEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU an audited KV v2 read spends on its lines, per request: encoding both lines (request
 * threads), hashing one value, and chaining both lines (the device's writer thread). Made-up
 * values in the shapes the benchmark in bench/kv-read reads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditPathBench {
    private AuditFormat format;
    private AuditHasher hasher;
    private AuditRecord request;
    private AuditRecord response;
    private byte[][] lines;
    private ChainWriter.Head head;

    @Setup
    public void setUp() {
        hasher = new AuditHasher(SecretBytes.random(32));
        format = new AuditFormat(hasher, false);
        Instant now = Instant.parse("2026-11-26T04:00:00.123456789Z");
        TokenEntry token = new TokenEntry("made-up-token-id", "made-up-accessor-0123456789", "", List.of("app-read", "default"),
                "auth/token/create", "token", Map.of(), now, now.plusSeconds(7200), null, Duration.ofHours(2), null, null,
                0, true, null, null, "service", null);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", "app");
        data.put("password", "made-up-benchmark-password");
        data.put("host", "db.internal");
        data.put("port", "5432");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("created_time", "2026-11-26T03:51:18.120Z");
        metadata.put("custom_metadata", null);
        metadata.put("deletion_time", "");
        metadata.put("destroyed", false);
        metadata.put("version", 1);
        Map<String, Object> body = Map.of("data", data, "metadata", metadata);
        ClientInfo client = new ClientInfo("127.0.0.1", 40312);
        String clientToken = "cfs_madeUpBenchmarkToken0123456789abcdefXYZ";
        request = new AuditRecord(now, "84603e07-d016-4519-b61e-3dd4fbca4cdb", Operation.READ, "secret/data/app/db", "kv",
                client, clientToken, token, Map.of(), null, null, null, 0, null);
        response = new AuditRecord(now, request.requestId(), Operation.READ, request.path(), "kv", client, clientToken,
                token, Map.of(), body, null, null, 200, null);
        lines = format.exchange(request, response);
        head = new ChainWriter.Head(41, ChainWriter.ZERO_HASH);
    }

    /** Both lines of one read, as a request thread encodes them. */
    @Benchmark
    public byte[][] encodeExchange() {
        return format.exchange(request, response);
    }

    /** One HMAC of a short value (a read hashes about seven). */
    @Benchmark
    public String hmacOneValue() {
        return hasher.hash("made-up-benchmark-password");
    }

    /** Numbering and hashing a read's two lines, as the writer thread does. */
    @Benchmark
    public String chainExchange() {
        byte[] a = ChainWriter.line(head, lines[0]);
        byte[] b = ChainWriter.line(new ChainWriter.Head(42, ChainWriter.hash(a, a.length - 1)), lines[1]);
        return ChainWriter.hash(b, b.length - 1);
    }
}
