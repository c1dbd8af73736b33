package dev.coffer.core.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every write {@link SqliteStorage} acknowledged survives {@code kill -9} of its JVM, and every
 * transaction is there whole or not at all. A child JVM ({@link SqliteWriterMain}) writes and
 * acknowledges on stdout; this test kills it mid-stream and checks the file it leaves behind.
 */
class SqliteDurabilityTest {

    private static final int ACKS_BEFORE_KILL = 200;
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final String END_OF_OUTPUT = "\0eof";

    @TempDir
    Path dir;

    @Test
    void acknowledgedWritesSurviveKillNine() throws Exception {
        Path file = dir.resolve("coffer.db");
        Process child = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                // Keep sqlite-jdbc's extracted native library out of the shared /tmp: a killed
                // JVM cannot delete it.
                "-Dorg.sqlite.tmpdir=" + dir,
                "-cp", System.getProperty("java.class.path"),
                SqliteWriterMain.class.getName(), file.toString(), "100000", "60")
                .redirectError(dir.resolve("child-stderr.txt").toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread pump = new Thread(() -> pump(child, lines), "sqlite-writer-output");
        pump.setDaemon(true);
        pump.start();

        long lastAck = -1;
        long lastTx = -1;
        List<String> other = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TIMEOUT_NANOS;
            boolean killed = false;
            for (String line = next(lines, deadline); !line.equals(END_OF_OUTPUT); line = next(lines, deadline)) {
                if (line.startsWith("ack ")) {
                    lastAck = Math.max(lastAck, Long.parseLong(line.substring(4)));
                } else if (line.startsWith("tx ")) {
                    lastTx = Math.max(lastTx, Long.parseLong(line.substring(3)));
                } else {
                    other.add(line);
                }
                if (!killed && lastAck + 1 >= ACKS_BEFORE_KILL) {
                    // SIGKILL: no shutdown hooks, no close(). Through the handle, because
                    // Process.destroyForcibly() also closes our end of the pipe.
                    child.toHandle().destroyForcibly();
                    killed = true;
                }
                // After the kill keep reading: lines already in the pipe are acknowledgements too.
            }
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).as("child exited").isTrue();
        } finally {
            child.destroyForcibly();
        }

        String stderr = Files.readString(dir.resolve("child-stderr.txt"));
        assertThat(other).as("child stdout besides acks; stderr:%n%s", stderr).isEmpty();
        assertThat(child.exitValue()).as("killed, not finished; stderr:%n%s", stderr).isNotZero();
        assertThat(lastAck).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL - 1);
        assertThat(lastTx).isGreaterThanOrEqualTo(0);

        try (Storage reopened = new SqliteStorage(file)) {
            for (long n = 0; n <= lastAck; n++) {
                byte[] expected = SqliteWriterMain.value(n);
                assertThat(reopened.get("k/" + n)).as("acknowledged k/%d", n)
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(expected));
            }
            for (String name : reopened.list("k/")) {
                assertThat(reopened.get("k/" + name)).as("k/%s", name)
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(name.getBytes(UTF_8)));
            }

            for (long n = 0; n <= lastTx; n += SqliteWriterMain.TRANSACTION_EVERY) {
                assertThat(reopened.list("t/" + n + "/")).as("acknowledged transaction %d", n)
                        .containsExactly("a", "b", "c");
            }
            for (String folder : reopened.list("t/")) {
                String n = folder.substring(0, folder.length() - 1);
                assertThat(reopened.list("t/" + folder)).as("transaction %s is whole", n)
                        .containsExactly("a", "b", "c");
                for (String part : List.of("a", "b", "c")) {
                    assertThat(reopened.get("t/" + folder + part))
                            .hasValueSatisfying(v -> assertThat(v).isEqualTo(n.getBytes(UTF_8)));
                }
            }
            byte[] last = reopened.get("tx/last").orElseThrow();
            long lastWritten = Long.parseLong(new String(last, UTF_8));
            assertThat(lastWritten).as("tx/last").isGreaterThanOrEqualTo(lastTx);
            assertThat(reopened.list("t/" + lastWritten + "/")).as("transaction named by tx/last")
                    .containsExactly("a", "b", "c");
        }
    }

    private static void pump(Process child, BlockingQueue<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("output read failed: " + e);
        } finally {
            lines.add(END_OF_OUTPUT);
        }
    }

    private static String next(BlockingQueue<String> lines, long deadline) throws InterruptedException {
        String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (line == null) {
            fail("the writer process produced no output for too long");
        }
        return line;
    }
}
