package dev.coffer.leaks.scan.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.ScanListener;
import dev.coffer.leaks.scan.Skipped;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A history of 50,000 commits, built with {@code git fast-import}, scanned by a child JVM with a
 * 64 MiB heap: the scan streams, so it completes and finds the secret that was added and deleted.
 */
class HistoryStreamingTest {
    private static final int COMMITS = 50_000;

    @TempDir
    Path dir;

    @Test
    void fiftyThousandCommitsAreScannedInASixtyFourMegabyteHeap() throws Exception {
        GitRepo repo = GitRepo.init(dir);
        repo.git(fastImportStream(), "fast-import", "--quiet");

        Process child = new ProcessBuilder(javaBinary(), "-Xmx64m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();

        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("findings=2 ").contains("items=" + (COMMITS + 2) + " ")
                .contains("secrets/key.txt@commit-25000").contains("late.txt@commit-49999");
    }

    /** Commit i changes file (i mod 200) to a small text; commit 25000 adds a secret that 25001 deletes. */
    private static byte[] fastImportStream() {
        StringBuilder s = new StringBuilder(COMMITS * 160);
        for (int i = 1; i <= COMMITS; i++) {
            String message = "commit-" + i;
            s.append("commit refs/heads/main\n")
                    .append("author Dev <dev@example.com> ").append(1_600_000_000L + i).append(" +0000\n")
                    .append("committer Dev <dev@example.com> ").append(1_600_000_000L + i).append(" +0000\n")
                    .append("data ").append(message.length()).append('\n').append(message).append('\n');
            String content = "revision " + i + "\n";
            s.append("M 100644 inline src/file").append(i % 200).append(".txt\n")
                    .append("data ").append(content.length()).append('\n').append(content).append('\n');
            if (i == 25_000) {
                String secret = "key = MARKER_planted01\n";
                s.append("M 100644 inline secrets/key.txt\ndata ").append(secret.length()).append('\n')
                        .append(secret).append('\n');
            } else if (i == 25_001) {
                s.append("D secrets/key.txt\n");
            } else if (i == 49_999) {
                String secret = "late MARKER_planted02\n";
                s.append("M 100644 inline late.txt\ndata ").append(secret.length()).append('\n').append(secret).append('\n');
            }
            s.append('\n');
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : "")).toString();
    }

    /** The child: scans the history and prints what it found, counting only. */
    public static final class Main {
        public static void main(String[] args) throws IOException {
            AtomicInteger findings = new AtomicInteger();
            List<String> found = new java.util.concurrent.CopyOnWriteArrayList<>();
            ScanStats stats = new GitHistorySource(Path.of(args[0]), null, ScanOptions.defaults().withThreads(2))
                    .scan(new MarkerDetector(), new ScanListener() {
                        @Override
                        public void finding(Finding f) {
                            findings.incrementAndGet();
                            found.add(f.origin().path() + "@" + f.origin().message());
                        }

                        @Override
                        public void skipped(Skipped s) {
                            System.out.println("skipped " + s);
                        }
                    });
            System.out.println("findings=" + findings + " items=" + stats.items() + " found=" + String.join(",", found) + " heap-used-mb="
                    + (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1 << 20));
        }
    }
}
