package dev.coffer.leaks.scan.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.leaks.scan.report.Collector;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedSourceTest {
    @TempDir
    Path dir;

    @Test
    void theIndexContentOfAddedAndModifiedFilesIsScannedNotTheWorkingCopy() throws IOException {
        GitRepo repo = GitRepo.init(dir);
        repo.write("committed.txt", "MARKER_already01\n");
        repo.write("changed.txt", "nothing yet\n");
        repo.commitAll("first");
        repo.write("changed.txt", "now MARKER_staged001\n");
        repo.write("sub/new.txt", "MARKER_staged002\n");
        repo.git("add", "changed.txt", "sub/new.txt");
        repo.write("sub/new.txt", "cleaned in the working copy, not in the index\n");
        repo.write("unstaged.txt", "MARKER_unstaged1\n");

        Collector collector = new Collector();
        ScanStats stats = new StagedSource(dir.resolve("sub"), ScanOptions.defaults()).scan(new MarkerDetector(), collector);

        assertThat(collector.findings()).extracting(f -> f.origin().path()).containsExactly("changed.txt", "sub/new.txt");
        assertThat(stats.items()).isEqualTo(2);
    }

    @Test
    void theFirstCommitOfARepositoryIsScannedToo() throws IOException {
        GitRepo repo = GitRepo.init(dir);
        repo.write("a.txt", "MARKER_initial01\n");
        repo.git("add", "a.txt");

        Collector collector = new Collector();
        new StagedSource(dir, ScanOptions.defaults()).scan(new MarkerDetector(), collector);

        assertThat(collector.findings()).hasSize(1);
    }
}
