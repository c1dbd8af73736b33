package dev.coffer.leaks.scan.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.report.Collector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHistorySourceTest {
    @TempDir
    Path dir;

    private final Collector collector = new Collector();

    @Test
    void aSecretAddedAndLaterDeletedIsFoundAtTheCommitThatAddedIt() throws IOException {
        GitRepo repo = GitRepo.init(dir);
        repo.write("README.md", "hello\n");
        repo.commitAll("Initial commit");
        repo.write("config/app.env", "DB=postgres\nAPI_KEY=MARKER_history1\n");
        String added = repo.commitAll("Add the app config\n\nWith a key it should not have.");
        Files.delete(dir.resolve("config/app.env"));
        repo.commitAll("Remove the key");

        ScanStats stats = new GitHistorySource(dir, null, ScanOptions.defaults()).scan(new MarkerDetector(), collector);

        assertThat(collector.findings()).singleElement().satisfies(f -> {
            Origin o = f.origin();
            assertThat(o.path()).isEqualTo("config/app.env");
            assertThat(o.commit()).isEqualTo(added);
            assertThat(o.author()).isEqualTo("Ada Lovelace");
            assertThat(o.email()).isEqualTo("ada@example.com");
            assertThat(o.message()).isEqualTo("Add the app config");
            assertThat(o.date()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
            assertThat(f.line()).isEqualTo(2);
        });
        assertThat(stats.items()).isEqualTo(2);
    }

    @Test
    void eachBlobIsScannedOnceAcrossBranchesMergesAndCopies() throws IOException {
        GitRepo repo = GitRepo.init(dir);
        repo.write("a.txt", "MARKER_shared001\n");
        String first = repo.commitAll("one");
        repo.git("checkout", "-q", "-b", "feature");
        repo.write("b.txt", "MARKER_shared001\n");
        repo.write("c.txt", "MARKER_feature01\n");
        repo.commitAll("feature");
        repo.git("checkout", "-q", "main");
        repo.write("d.txt", "other\n");
        repo.commitAll("main moves");
        repo.git("merge", "-q", "--no-edit", "feature");

        new GitHistorySource(dir, null, ScanOptions.defaults()).scan(new MarkerDetector(), collector);

        assertThat(collector.findings()).extracting(f -> f.origin().path()).containsExactlyInAnyOrder("a.txt", "c.txt");
        assertThat(collector.findings()).filteredOn(f -> f.origin().path().equals("a.txt"))
                .extracting(f -> f.origin().commit()).containsExactly(first);
    }

    @Test
    void aRangeLimitsTheCommits() throws IOException {
        GitRepo repo = GitRepo.init(dir);
        repo.write("old.txt", "MARKER_oldold01\n");
        repo.commitAll("old");
        repo.git("tag", "v1");
        repo.write("new.txt", "MARKER_newnew01\n");
        repo.commitAll("new");

        new GitHistorySource(dir, "v1..main", ScanOptions.defaults()).scan(new MarkerDetector(), collector);

        assertThat(collector.findings()).extracting(f -> f.origin().path()).containsExactly("new.txt");
    }

    @Test
    void nonUtf8PathsSymlinksAndSubmodulesDoNotStopTheScan() throws IOException {
        GitRepo repo = GitRepo.init(dir);
        repo.write("ok.txt", "MARKER_okokok01\n");
        String blob = repo.git("MARKER_latin001\n".getBytes(), "hash-object", "-w", "--stdin").strip();
        String link = repo.git("target\n".getBytes(), "hash-object", "-w", "--stdin").strip();
        repo.git("add", "ok.txt");
        byte[] indexInfo = ("100644 " + blob + "\tcaf\u00e9.txt\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        repo.git(indexInfo, "update-index", "--index-info");
        repo.git("update-index", "--add", "--cacheinfo", "120000," + link + ",link");
        repo.git("update-index", "--add", "--cacheinfo", "160000," + "1".repeat(40) + ",vendor/sub");
        repo.git("commit", "-q", "-m", "odd entries");

        new GitHistorySource(dir, null, ScanOptions.defaults()).scan(new MarkerDetector(), collector);

        assertThat(collector.findings()).extracting(Finding::preview).containsExactlyInAnyOrder("MARKER_ok***", "MARKER_la***");
        assertThat(collector.findings()).extracting(f -> f.origin().path()).contains("caf\uFFFD.txt");
    }

    @Test
    void notARepositoryAndABadRangeAreErrors() throws IOException {
        assertThatThrownBy(() -> new GitHistorySource(dir, null, ScanOptions.defaults()).scan(new MarkerDetector(), collector))
                .isInstanceOf(ScanException.class).hasMessageContaining("not a git repository");
        GitRepo repo = GitRepo.init(dir);
        repo.write("a", "b");
        repo.commitAll("c");
        assertThatThrownBy(() -> new GitHistorySource(dir, "no-such-branch", ScanOptions.defaults())
                .scan(new MarkerDetector(), collector)).isInstanceOf(ScanException.class).hasMessageContaining("no-such-branch");
        assertThatThrownBy(() -> new GitHistorySource(dir, "--output=/tmp/x", ScanOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyRepositoryHasNothingToScan() throws IOException {
        GitRepo.init(dir);

        ScanStats stats = new GitHistorySource(dir, null, ScanOptions.defaults()).scan(new MarkerDetector(), collector);

        assertThat(stats.items()).isZero();
    }
}
