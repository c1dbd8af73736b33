package dev.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** A device that hangs counts as failed for the requests waiting on it, and still writes their lines, in order, once it recovers. */
class SlowDeviceTest {
    /** Holds every write until released, like a hung disk or a stalled NFS mount. */
    static final class HungSink implements AuditSink {
        final CountDownLatch release = new CountDownLatch(1);
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public void write(List<byte[]> lines) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            synchronized (written) {
                for (byte[] l : lines) {
                    written.write(l);
                }
            }
        }

        @Override
        public void close() {
        }
    }

    /** Writes work; fsync fails until {@code healthy} is set. */
    static class NoSyncSink implements AuditSink {
        volatile boolean healthy;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        @Override
        public synchronized void write(List<byte[]> lines) throws IOException {
            for (byte[] l : lines) {
                written.write(l);
            }
        }

        @Override
        public void sync() throws IOException {
            if (!healthy) {
                throw new IOException("EIO (made up)");
            }
        }

        @Override
        public void close() {
        }
    }

    /** Fails its first writes (a full disk), then writes. */
    static final class FlakySink implements AuditSink {
        final java.util.concurrent.atomic.AtomicInteger failures;
        final ByteArrayOutputStream written = new ByteArrayOutputStream();

        FlakySink(int failures) {
            this.failures = new java.util.concurrent.atomic.AtomicInteger(failures);
        }

        @Override
        public synchronized void write(List<byte[]> lines) throws IOException {
            if (failures.getAndDecrement() > 0) {
                throw new IOException("ENOSPC (made up)");
            }
            for (byte[] l : lines) {
                written.write(l);
            }
        }

        @Override
        public void close() {
        }
    }

    @Test
    void linesOfFailedWritesAreWrittenLaterOnceInOrderAndTheChainHolds() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pub = "ed25519:" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
        FlakySink sink = new FlakySink(3);
        // a checkpoint every 3 lines, so checkpoints are among the lines kept for the retry
        ChainWriter w = new ChainWriter("file/", sink, new ChainWriter.Head(0, ChainWriter.ZERO_HASH),
                kp.getPrivate(), pub, 3, Clock.systemUTC(), Duration.ofSeconds(30));
        int refused = 0;
        for (int i = 0; i < 10; i++) {
            try {
                w.submit(("{\"type\":\"request\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8),
                        ("{\"type\":\"response\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)).join();
            } catch (CompletionException e) {
                assertThat(e).hasMessageContaining("ENOSPC");
                refused++;
            }
        }
        w.close();
        assertThat(refused).isBetween(1, 3);   // the writer may spend some failures on its own retries
        AuditLogVerifier.Result r = new AuditLogVerifier(Optional.of(pub)).verify(List.of(
                new AuditLogVerifier.Input("audit.log", new ByteArrayInputStream(sink.written.toByteArray()))), Optional.empty());
        assertThat(r.intact()).as(r.problem()).isTrue();
        List<String> lines = new String(sink.written.toByteArray(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).contains("\"type\":\"open\"");
        List<String> order = lines.stream().filter(l -> l.contains("\"n\":"))
                .map(l -> l.replaceAll(".*\"type\":\"(\\w+)\",\"n\":(\\d+)}", "$1 $2")).toList();
        List<String> expected = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add("request " + i);
            expected.add("response " + i);
        }
        assertThat(order).isEqualTo(expected);
        assertThat(lines.stream().filter(l -> l.contains("\"type\":\"checkpoint\"")).count()).isGreaterThanOrEqualTo(6);
    }

    @Test
    void whileFsyncFailsNothingMoreCountsAsRecordedAndAGoodFsyncRecovers() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pub = "ed25519:" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
        NoSyncSink sink = new NoSyncSink();
        ChainWriter w = new ChainWriter("file/", sink, new ChainWriter.Head(0, ChainWriter.ZERO_HASH),
                kp.getPrivate(), pub, 1000, Clock.systemUTC(), Duration.ofSeconds(30), Duration.ofMillis(1));
        byte[] body = "{\"type\":\"request\"}".getBytes(StandardCharsets.UTF_8);
        w.submit(body).exceptionally(e -> null).join();   // written; its fsync, a moment later, fails
        while (!w.isFailing()) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> w.submit(body).join()).hasMessageContaining("could not fsync");

        sink.healthy = true;
        while (w.isFailing()) {
            Thread.onSpinWait();
        }
        w.submit(body).join();
        w.close();
    }

    @Test
    void anFsyncHungPastTheWriteTimeoutStopsAnswersUntilItReturns() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pub = "ed25519:" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
        CountDownLatch syncing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        NoSyncSink sink = new NoSyncSink() {
            @Override
            public void sync() throws IOException {
                syncing.countDown();
                try {
                    release.await();      // a dead disk: fsync does not come back
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        ChainWriter w = new ChainWriter("file/", sink, new ChainWriter.Head(0, ChainWriter.ZERO_HASH),
                kp.getPrivate(), pub, 1000, Clock.systemUTC(), Duration.ofMillis(30), Duration.ofMillis(1));
        byte[] body = "{\"type\":\"request\"}".getBytes(StandardCharsets.UTF_8);
        syncing.await();
        while (!w.isFailing()) {       // the fsync has now run longer than write_timeout
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> w.submit(body).join()).hasMessageContaining("did not finish within its write_timeout");

        release.countDown();
        while (w.isFailing()) {
            Thread.onSpinWait();
        }
        w.submit(body).join();
        w.close();
    }

    @Test
    void manyWaitersInOneBatchAreAllAnsweredInChainOrder() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pub = "ed25519:" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
        HungSink sink = new HungSink();
        ChainWriter w = new ChainWriter("file/", sink, new ChainWriter.Head(0, ChainWriter.ZERO_HASH),
                kp.getPrivate(), pub, 7, Clock.systemUTC(), Duration.ofSeconds(30));
        List<CompletableFuture<Void>> waits = new java.util.ArrayList<>();
        for (int i = 0; i < 300; i++) {   // queued while the sink holds the first write: later batches are big
            waits.add(w.submit(("{\"type\":\"request\",\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        sink.release.countDown();
        CompletableFuture.allOf(waits.toArray(new CompletableFuture<?>[0])).join();
        w.close();
        AuditLogVerifier.Result r = new AuditLogVerifier(Optional.of(pub)).verify(List.of(
                new AuditLogVerifier.Input("audit.log", new ByteArrayInputStream(sink.written.toByteArray()))), Optional.empty());
        assertThat(r.intact()).as(r.problem()).isTrue();
        List<String> order = new String(sink.written.toByteArray(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"n\":")).map(l -> l.replaceAll(".*\"n\":(\\d+)}", "$1")).toList();
        assertThat(order).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(order.get(i)).isEqualTo(String.valueOf(i));
        }
    }

    @Test
    void waitsPastTheWriteTimeoutFailAndTheLinesAreWrittenLater() throws Exception {
        KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String pub = "ed25519:" + Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
        HungSink sink = new HungSink();
        ChainWriter w = new ChainWriter("file/", sink, new ChainWriter.Head(0, ChainWriter.ZERO_HASH),
                kp.getPrivate(), pub, 1000, Clock.systemUTC(), Duration.ofMillis(40));
        byte[] body = "{\"type\":\"request\",\"time\":\"2026-01-01T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8);
        CompletableFuture<Void> first = w.submit(body);      // taken by the writer, which hangs in write
        CompletableFuture<Void> second = w.submit(body, body); // queued behind it
        assertThatThrownBy(first::join).isInstanceOf(CompletionException.class)
                .hasMessageContaining("did not record within its write_timeout");
        assertThatThrownBy(second::join).hasMessageContaining("write_timeout");

        sink.release.countDown();
        w.submit(body).join();                                 // the device works again
        w.close();
        AuditLogVerifier.Result r = new AuditLogVerifier(Optional.of(pub)).verify(List.of(
                new AuditLogVerifier.Input("audit.log", new ByteArrayInputStream(sink.written.toByteArray()))), Optional.empty());
        assertThat(r.intact()).as(r.problem()).isTrue();
        assertThat(new String(sink.written.toByteArray(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains("\"type\":\"request\"")).count()).isEqualTo(4);
    }
}
