package dev.coffer.leaks.scan.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.report.Collector;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeSourceTest {
    @TempDir
    Path dir;

    private final Collector collector = new Collector();

    private ScanStats scan(ScanOptions options, String... paths) throws IOException {
        return new TreeSource(List.of(paths), options, new ByteArrayInputStream(new byte[0]))
                .scan(new MarkerDetector(), collector);
    }

    private List<String> foundPaths() {
        return collector.findings().stream().map(f -> f.origin().path()).toList();
    }

    @Test
    void inAGitWorkTreeGitignoredFilesAreLeftOutAndDotfilesAndUntrackedFilesAreScanned() throws IOException {
        GitRepo repo = GitRepo.init(dir);
        repo.write(".gitignore", "build/\n*.log\n");
        repo.write("src/App.java", "class App { String k = \"MARKER_tracked01\"; }\n");
        repo.commitAll("first");
        repo.write(".env", "TOKEN=MARKER_dotenv001\n");
        repo.write(".docker/config.json", "{\"auths\": {\"x\": {\"auth\": \"MARKER_docker001\"}}}\n");
        repo.write("build/out.txt", "MARKER_ignored01\n");
        repo.write("debug.log", "MARKER_ignored02\n");

        ScanStats stats = scan(ScanOptions.defaults(), dir.toString());

        String p = dir + "/";
        assertThat(foundPaths()).containsExactlyInAnyOrder(p + ".docker/config.json", p + ".env", p + "src/App.java");
        assertThat(stats.items()).isEqualTo(4); // .gitignore too
    }

    @Test
    void withoutGitEveryFileIsScannedExceptInsideDotGit() throws IOException {
        GitRepo repo = GitRepo.init(dir);
        repo.write(".gitignore", "build/\n");
        repo.write("build/out.txt", "MARKER_ignored01\n");
        repo.write(".git/info/leftover", "MARKER_dotgit001\n");

        scan(ScanOptions.defaults().withUseGit(false), dir.toString());

        assertThat(foundPaths()).containsExactly(dir + "/build/out.txt");
    }

    @Test
    void outsideAGitWorkTreeTheFolderIsWalkedAndPathsAreRelativeToDot() throws IOException {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("a/b/c.txt"), "x\n\n  MARKER_walked001\n");
        Path cwdRelative = Path.of("").toAbsolutePath().relativize(dir);

        scan(ScanOptions.defaults(), cwdRelative.toString());

        Finding f = collector.findings().get(0);
        assertThat(f.origin().path()).isEqualTo(cwdRelative + "/a/b/c.txt");
        assertThat(f.line()).isEqualTo(3);
        assertThat(f.column()).isEqualTo(3);
    }

    @Test
    void symbolicLinksAreNotFollowed() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "MARKER_outside01\n");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createSymbolicLink(tree.resolve("link-to-dir"), outside);
        Files.createSymbolicLink(tree.resolve("link-to-file"), outside.resolve("secret.txt"));
        Files.writeString(tree.resolve("real.txt"), "MARKER_inside001\n");

        scan(ScanOptions.defaults().withUseGit(false), tree.toString());

        assertThat(foundPaths()).containsExactly(tree + "/real.txt");
    }

    @Test
    void stdinIsScannedAsDash() throws IOException {
        new TreeSource(List.of("-"), ScanOptions.defaults(), new ByteArrayInputStream("a MARKER_stdin0001\n".getBytes(UTF_8)))
                .scan(new MarkerDetector(), collector);

        assertThat(foundPaths()).containsExactly("-");
    }

    @Test
    void aFileOverTheSizeLimitIsScannedUpToItAndTheRestReportedAsSkipped() throws IOException {
        Files.writeString(dir.resolve("big.txt"), "MARKER_start0001\n" + "x".repeat(5000) + "MARKER_tooLate01\n");

        ScanStats stats = scan(ScanOptions.defaults().withMaxBlobBytes(1000), dir.resolve("big.txt").toString());

        assertThat(collector.findings()).extracting(Finding::preview).containsExactly("MARKER_st***");
        assertThat(collector.skipped()).singleElement().satisfies(s -> {
            assertThat(s.bytes()).isEqualTo(5034 - 1000);
            assertThat(s.reason()).contains("only the first 1000 bytes");
        });
        assertThat(stats.bytes()).isEqualTo(1000);
    }

    @Test
    void manySmallFilesAreScannedOnSeveralThreadsWithASmallBudget() throws IOException {
        for (int i = 0; i < 500; i++) {
            Files.writeString(dir.resolve("f" + i + ".txt"), i % 50 == 0 ? "MARKER_file" + (1000 + i) + "\n" : "nothing\n");
        }

        ScanStats stats = scan(new ScanOptions(3, 64, 64, false), dir.toString());

        assertThat(stats.items()).isEqualTo(500);
        assertThat(collector.findings()).hasSize(10);
    }

    @Test
    void aMissingPathIsAnError() {
        assertThatThrownBy(() -> scan(ScanOptions.defaults(), dir.resolve("nope").toString()))
                .isInstanceOf(NoSuchFileException.class);
    }
}
