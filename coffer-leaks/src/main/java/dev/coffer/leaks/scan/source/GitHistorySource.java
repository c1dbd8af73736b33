package dev.coffer.leaks.scan.source;

import dev.coffer.leaks.scan.Detector;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.ScanListener;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every blob of every commit in a range of a Git repository ({@code --all} refs by default),
 * oldest commit first, each blob scanned once, at the first commit that brought it: a secret added
 * and deleted later is still found, and named with the commit that added it.
 *
 * <p>It streams: one {@code git log --raw -z} lists the changed blob ids of each commit (merges
 * against each parent, so a conflict resolution is seen too), one long-lived
 * {@code git cat-file --batch} hands over their contents, and what is kept is a compact set of the
 * blob ids already scanned (about 21 bytes each) and the blobs waiting for a detector thread
 * (bounded by {@link ScanOptions#maxInFlightBytes()}).
 */
public final class GitHistorySource implements Source {
    private final Path repository;
    private final String range;
    private final ScanOptions options;

    /** {@code range}: anything {@code git log} takes as one revision argument ({@code main}, {@code v1..v2}); null for all refs. */
    public GitHistorySource(Path repository, String range, ScanOptions options) {
        if (range != null && (range.isBlank() || range.startsWith("-"))) {
            throw new IllegalArgumentException("--git: the range must be a revision or a range such as main..HEAD, not '"
                    + range + "'");
        }
        this.repository = repository;
        this.range = range;
        this.options = options;
    }

    @Override
    public ScanStats scan(Detector detector, ScanListener listener) throws IOException {
        requireRepository(repository);
        List<String> args = new ArrayList<>(List.of("log", "--reverse", "--topo-order", "-m", "--raw", "--no-abbrev",
                "-z", "--no-renames", "--no-ext-diff", "--no-textconv", GitLogParser.FORMAT));
        args.add(range == null ? "--all" : range);
        args.add("--");
        BlobIdSet[] seen = new BlobIdSet[1];
        try (ScanPool pool = new ScanPool(options, detector, listener);
             GitProcess log = GitProcess.start(repository, args);
             CatFile catFile = new CatFile(repository)) {
            GitLogParser.parse(new BufferedInputStream(log.stdout(), 64 * 1024), change -> {
                if (seen[0] == null) {
                    seen[0] = new BlobIdSet(change.blobId().length() / 2);
                }
                if (!seen[0].add(change.blobId())) {
                    return;
                }
                GitLogParser.Commit c = change.commit();
                Origin origin = c == null ? Origin.file(change.path())
                        : Origin.commit(change.path(), c.hash(), c.author(), c.email(), c.date(), c.subject());
                scanBlob(pool, catFile, change.blobId(), origin);
            });
            log.check();
            return pool.finish();
        }
    }

    static void scanBlob(ScanPool pool, CatFile catFile, String blobId, Origin origin) throws IOException {
        int[] reservation = {0};
        CatFile.Blob blob = catFile.read(blobId, pool.maxBlobBytes, n -> reservation[0] = pool.reserve(n));
        if (blob != null) {
            pool.scanLater(reservation[0], origin, blob.data(), blob.length(), blob.size() - blob.length());
        }
    }

    /** Throws a {@link ScanException} unless {@code dir} is inside a Git repository. */
    static void requireRepository(Path dir) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) {
            throw new ScanException("not a directory: " + dir);
        }
        if (GitProcess.output(dir, "rev-parse", "--git-dir") == null) {
            throw new ScanException("not a git repository: " + dir);
        }
    }
}
