package dev.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import dev.coffer.core.Core;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A minimal per-path store mounted as cubbyhole/ (the real engines live in another module): it
 * returns what was written, which is all these tests need of a backend.
 */
final class TestKvFactory implements dev.coffer.core.logical.BackendFactory {
    @Override
    public String type() {
        return "cubbyhole";
    }

    @Override
    public dev.coffer.core.logical.Backend create(dev.coffer.core.logical.BackendContext ctx) {
        java.util.Map<String, java.util.Map<String, Object>> data = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.List<dev.coffer.core.logical.PathSpec> paths = java.util.List.of(
                dev.coffer.core.logical.PathSpec.path("(?<path>.+)")
                        .field(dev.coffer.core.logical.Field.of("path", dev.coffer.core.logical.FieldType.STRING, "path"))
                        .anyFields()
                        .read((req, f) -> Response.of(java.util.Optional.ofNullable(data.get(f.getString("path")))
                                .orElseThrow(() -> CofferException.notFound(""))))
                        .update((req, f) -> {
                            data.put(f.getString("path"), req.data());
                            return Response.noContent();
                        })
                        .build());
        return new dev.coffer.core.logical.Backend() {
            @Override
            public java.util.List<dev.coffer.core.logical.PathSpec> paths() {
                return paths;
            }

            @Override
            public String type() {
                return "cubbyhole";
            }
        };
    }
}

/** Audit devices through a real core: what is written, what is hashed, fail closed, tamper evidence. */
class AuditTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Core core;
    private String root;
    private Path log;
    private String unsealKey;

    @BeforeEach
    void setUp() {
        core = new Core(new MemoryStorage(), Clock.systemUTC(), Map.of("cubbyhole", new TestKvFactory()));
        Core.InitResult r = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        unsealKey = HexFormat.of().formatHex(r.keyShares().get(0).bytes());
        core.unseal(unsealKey);
        root = r.rootToken();
        log = dir.resolve("audit.log");
        call(root, Operation.UPDATE, "sys/audit/file", Map.of("type", "file",
                "options", Map.of("file_path", log.toString(), "checkpoint_every", "5")));
    }

    private Response call(String token, Operation op, String path, Map<String, Object> data) {
        return core.handle(token, Request.of("req-" + path, op, path, data, new ClientInfo("10.1.2.3", 4444)));
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(log)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    private AuditLogVerifier.Result verify(byte[] bytes) throws Exception {
        return new AuditLogVerifier(Optional.empty()).verify(
                List.of(new AuditLogVerifier.Input("audit.log", new ByteArrayInputStream(bytes))), Optional.empty());
    }

    @Test
    void everyRequestAndResponseIsAChainedLineWithSecretsHashed() throws Exception {
        String child = call(root, Operation.UPDATE, "auth/token/create",
                Map.of("policies", List.of("default"), "meta", Map.of("repository", "acme/app"))).auth().clientToken();
        call(child, Operation.UPDATE, "cubbyhole/deploy", Map.of("key", "made-up-secret-value-42"));
        call(child, Operation.READ, "cubbyhole/deploy", Map.of());
        assertThatThrownBy(() -> call("cfs_not-a-real-token", Operation.READ, "cubbyhole/x", Map.of()))
                .hasMessage("permission denied");

        String text = Files.readString(log);
        assertThat(text).doesNotContain("made-up-secret-value-42").doesNotContain(child).doesNotContain(root)
                .doesNotContain("cfs_not-a-real-token");
        List<JsonNode> lines = lines();
        assertThat(lines.get(0).path("type").asText()).isEqualTo("open");
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i).path("seq").asLong()).isEqualTo(i + 1);
        }
        JsonNode read = lines.stream().filter(l -> l.path("type").asText().equals("response")
                && l.path("request").path("path").asText().equals("cubbyhole/deploy")
                && l.path("request").path("operation").asText().equals("read")).findFirst().orElseThrow();
        assertThat(read.path("time").asText()).endsWith("Z");
        assertThat(read.path("request").path("remote_address").asText()).isEqualTo("10.1.2.3");
        assertThat(read.path("auth").path("metadata").path("repository").asText()).isEqualTo("acme/app");
        assertThat(read.path("auth").path("client_token").asText()).startsWith("hmac-sha256:");
        String hashed = read.path("response").path("data").path("key").asText();
        assertThat(hashed).isEqualTo(call(root, Operation.UPDATE, "sys/audit-hash/file",
                Map.of("input", "made-up-secret-value-42")).data().get("hash"));
        assertThat(lines.stream().anyMatch(l -> "permission denied".equals(l.path("error").asText()))).isTrue();
        assertThat(verify(Files.readAllBytes(log)).intact()).isTrue();
    }

    @Test
    void everySingleByteChangeRemovalSwapInsertionAndCutTailIsDetected() throws Exception {
        for (int i = 0; i < 6; i++) {
            call(root, Operation.UPDATE, "cubbyhole/k" + i, Map.of("v", "value-" + i));
        }
        Map<String, Object> head = call(root, Operation.READ, "sys/audit-head/file", Map.of()).data();
        core.seal();
        byte[] good = Files.readAllBytes(log);
        AuditLogVerifier.Result ok = verify(good);
        assertThat(ok.intact()).as(ok.problem()).isTrue();
        assertThat(ok.checkpoints()).isGreaterThanOrEqualTo(2);
        assertThat(ok.unsignedTail()).isZero();

        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] = (byte) (bad[i] == 'x' ? 'y' : bad[i] == '\n' ? ' ' : 'x');
            int from = Math.max(0, i - 40);
            String context = new String(good, from, Math.min(good.length, i + 40) - from, StandardCharsets.UTF_8);
            assertThat(verify(bad).intact()).as("byte %d changed: ...%s...", i, context).isFalse();
        }
        List<String> lines = new ArrayList<>(List.of(new String(good, StandardCharsets.UTF_8).split("\n")));
        for (int i = 0; i < lines.size() - 1; i++) {
            List<String> removed = new ArrayList<>(lines);
            removed.remove(i);
            assertThat(verifyLines(removed).intact()).as("line %d removed", i).isFalse();
        }
        // Removing the last line leaves a valid prefix: offline, the lines past the last signed
        // checkpoint are counted; against the server's head it is a cut tail (below).
        assertThat(verifyLines(lines.subList(0, lines.size() - 1)).unsignedTail()).isPositive();
        for (int i = 0; i + 1 < lines.size(); i++) {
            List<String> swapped = new ArrayList<>(lines);
            java.util.Collections.swap(swapped, i, i + 1);
            assertThat(verifyLines(swapped).intact()).as("lines %d and %d swapped", i, i + 1).isFalse();
            List<String> duplicated = new ArrayList<>(lines);
            duplicated.add(i + 1, lines.get(i));
            assertThat(verifyLines(duplicated).intact()).as("line %d duplicated", i).isFalse();
        }
        List<String> inserted = new ArrayList<>(lines);
        inserted.add(3, lines.get(3).replace("value-", "forged-"));
        assertThat(verifyLines(inserted).intact()).isFalse();

        // A cut tail leaves a valid prefix: caught against the device's signed head.
        long headSeq = ((Number) head.get("seq")).longValue();
        List<String> cut = new ArrayList<>(lines.subList(0, (int) headSeq - 1));
        AuditLogVerifier.Result offline = verifyLines(cut);
        assertThat(offline.intact()).isTrue();
        assertThat(offline.unsignedTail()).isPositive();
        AuditLogVerifier.Result online = new AuditLogVerifier(Optional.of((String) head.get("public_key"))).verify(
                List.of(new AuditLogVerifier.Input("audit.log", new ByteArrayInputStream(join(cut)))),
                Optional.of(new AuditLogVerifier.ServerHead(headSeq, (String) head.get("hash"))));
        assertThat(online.intact()).isFalse();
        assertThat(online.problem()).contains("cut from the tail");
        assertThat(AuditLogVerifier.headIsSigned((String) head.get("public_key"), "file/", headSeq,
                (String) head.get("hash"), (String) head.get("signature"))).isTrue();
    }

    private static byte[] join(List<String> lines) {
        return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private AuditLogVerifier.Result verifyLines(List<String> lines) throws Exception {
        return verify(join(lines));
    }

    @Test
    void withNoWritableDeviceRequestsAreRefusedAndNoSecretLeaves() throws Exception {
        call(root, Operation.UPDATE, "cubbyhole/db", Map.of("password", "made-up-pw-7"));
        Files.delete(log);
        Files.createDirectory(log);   // the path can no longer be opened as a file
        CofferException e = org.junit.jupiter.api.Assertions.assertThrows(CofferException.class,
                () -> call(root, Operation.READ, "cubbyhole/db", Map.of()));
        assertThat(e.kind()).isEqualTo(CofferException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).doesNotContain("made-up-pw-7");
        assertThat(core.auditDegraded()).isTrue();

        Files.delete(log);            // fixed: the device reopens the path and serves again
        assertThat(call(root, Operation.READ, "cubbyhole/db", Map.of()).data()).containsEntry("password", "made-up-pw-7");
        assertThat(Files.readString(log)).startsWith("{\"seq\":").contains("\"type\":\"open\"");
    }

    @Test
    void aDeviceThatFsyncsBeforeEveryAnswerRecordsAlikeAndBadIntervalsAreRefused() throws Exception {
        Path strict = dir.resolve("strict.log");
        call(root, Operation.UPDATE, "sys/audit/strict", Map.of("type", "file",
                "options", Map.of("file_path", strict.toString(), "fsync_interval", "0")));
        call(root, Operation.DELETE, "sys/audit/file", Map.of());   // the strict device alone must record
        call(root, Operation.UPDATE, "cubbyhole/s", Map.of("v", "made-up-value-9"));
        call(root, Operation.READ, "cubbyhole/s", Map.of());
        List<String> lines = Files.readAllLines(strict);
        assertThat(lines.stream().filter(l -> l.contains("\"path\":\"cubbyhole/s\"")).count()).isEqualTo(4);
        assertThat(String.join("\n", lines)).doesNotContain("made-up-value-9");
        assertThat(verify(Files.readAllBytes(strict)).intact()).isTrue();
        assertThatThrownBy(() -> call(root, Operation.UPDATE, "sys/audit/bad", Map.of("type", "file",
                "options", Map.of("file_path", dir.resolve("bad.log").toString(), "fsync_interval", "-1s"))))
                .hasMessageContaining("fsync_interval");
    }

    @Test
    void theChainContinuesAcrossRestartsAndBadConfigIsRefused() throws Exception {
        call(root, Operation.UPDATE, "cubbyhole/a", Map.of("v", "1"));
        core.seal();
        core.unseal(unsealKey);
        call(root, Operation.UPDATE, "cubbyhole/b", Map.of("v", "2"));
        core.seal();
        AuditLogVerifier.Result r = verify(Files.readAllBytes(log));
        assertThat(r.intact()).as(r.problem()).isTrue();
        assertThat(r.firstSeq()).isEqualTo(1);
        core.unseal(unsealKey);
        assertThatThrownBy(() -> call(root, Operation.UPDATE, "sys/audit/x", Map.of("type", "tape")))
                .hasMessageContaining("unknown audit device type");
        assertThatThrownBy(() -> call(root, Operation.UPDATE, "sys/audit/y", Map.of("type", "file")))
                .hasMessageContaining("file_path");
        assertThatThrownBy(() -> call(root, Operation.UPDATE, "sys/audit/file", Map.of("type", "file",
                "options", Map.of("file_path", log.toString())))).hasMessageContaining("already in use");
        assertThat(call(root, Operation.READ, "sys/audit", Map.of()).data()).containsKey("file/");
        call(root, Operation.DELETE, "sys/audit/file", Map.of());
        assertThat(call(root, Operation.READ, "sys/audit", Map.of()).data()).isEmpty();
    }
}
