package dev.coffer.leaks.scan.source;

import dev.coffer.leaks.scan.Detector;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.ScanListener;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What is about to be committed: the index content (not the working copy) of every added, copied,
 * modified or renamed file, as {@code git diff --cached} lists it. Paths are relative to the top of
 * the work tree. This is what a pre-commit hook scans.
 */
public final class StagedSource implements Source {
    private final Path repository;
    private final ScanOptions options;

    public StagedSource(Path repository, ScanOptions options) {
        this.repository = repository;
        this.options = options;
    }

    @Override
    public ScanStats scan(Detector detector, ScanListener listener) throws IOException {
        GitHistorySource.requireRepository(repository);
        try (ScanPool pool = new ScanPool(options, detector, listener);
             GitProcess diff = GitProcess.start(repository, "diff", "--cached", "--raw", "-z", "--no-abbrev",
                     "--no-renames", "--no-ext-diff", "--no-textconv", "--diff-filter=ACMR", "--");
             CatFile catFile = new CatFile(repository)) {
            GitLogParser.parse(new BufferedInputStream(diff.stdout()),
                    change -> GitHistorySource.scanBlob(pool, catFile, change.blobId(), Origin.file(change.path())));
            diff.check();
            return pool.finish();
        }
    }
}
