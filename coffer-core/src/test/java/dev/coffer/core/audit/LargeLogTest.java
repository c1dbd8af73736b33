package dev.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An intact log of 100,000 lines, written by the real writer and file sink, verifies; one changed byte in it does not. */
class LargeLogTest {
    @TempDir
    Path dir;

    @Test
    void oneHundredThousandLinesVerifyAndAChangeIsFound() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pub = "ed25519:" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
        Path file = dir.resolve("audit.log");
        ChainWriter w = new ChainWriter("file/", new FileSink(file, 0, Clock.systemUTC()),
                new ChainWriter.Head(0, ChainWriter.ZERO_HASH), kp.getPrivate(), pub, 1000, Clock.systemUTC(), java.time.Duration.ofSeconds(3));
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            pending.add(w.submit(("{\"type\":\"request\",\"time\":\"2026-01-01T00:00:00Z\",\"request\":{\"id\":\"" + i
                    + "\",\"path\":\"secret/data/app/" + (i % 97) + "\"}}").getBytes(StandardCharsets.UTF_8)));
            if (pending.size() == 5000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        ChainWriter.Head before = w.head();
        w.close();

        AuditLogVerifier.Result r;
        try (InputStream in = Files.newInputStream(file)) {
            r = new AuditLogVerifier(Optional.of(pub)).verify(List.of(new AuditLogVerifier.Input("audit.log",
                    new java.io.BufferedInputStream(in, 1 << 16))), Optional.empty());
        }
        assertThat(r.intact()).as(r.problem()).isTrue();
        assertThat(r.lines()).isGreaterThan(100_000);
        assertThat(r.checkpoints()).isGreaterThanOrEqualTo(100);
        assertThat(r.unsignedTail()).isZero();
        assertThat(r.lastSeq()).isGreaterThanOrEqualTo(before.seq());

        byte[] bytes = Files.readAllBytes(file);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("\"id\":\"54321\"") + 7;
        bytes[at] = '9';
        AuditLogVerifier.Result bad = new AuditLogVerifier(Optional.of(pub)).verify(
                List.of(new AuditLogVerifier.Input("audit.log", new java.io.ByteArrayInputStream(bytes))), Optional.empty());
        assertThat(bad.intact()).isFalse();
        assertThat(bad.problem()).contains("prev_hash does not match");
    }
}
