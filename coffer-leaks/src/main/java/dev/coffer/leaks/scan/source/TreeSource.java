package dev.coffer.leaks.scan.source;

import dev.coffer.leaks.scan.Detector;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.ScanListener;
import dev.coffer.leaks.scan.Skipped;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

/**
 * Files and folders on disk, and stdin ({@code -}). A folder inside a Git work tree is listed by
 * {@code git ls-files --cached --others --exclude-standard} (tracked files and untracked ones that
 * {@code .gitignore} does not exclude); outside one, or with {@code useGit} off, every file under it
 * is scanned except what is inside {@code .git} folders. Dotfiles are scanned. Symbolic links are
 * never followed, so a scan cannot leave the tree. A file named on the command line that does not
 * exist is an error; a file that cannot be read during the walk is reported as skipped.
 */
public final class TreeSource implements Source {
    private final List<String> paths;
    private final ScanOptions options;
    private final InputStream stdin;

    /** {@code paths}: files, folders, or {@code -} for {@code stdin}. */
    public TreeSource(List<String> paths, ScanOptions options, InputStream stdin) {
        this.paths = List.copyOf(paths);
        this.options = options;
        this.stdin = stdin;
    }

    @Override
    public ScanStats scan(Detector detector, ScanListener listener) throws IOException {
        for (String path : paths) {
            if (!path.equals("-") && !Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchFileException(path, null, "no such file or folder");
            }
        }
        try (ScanPool pool = new ScanPool(options, detector, listener)) {
            for (String path : paths) {
                if (path.equals("-")) {
                    scanStream(pool, stdin, Origin.file("-"));
                } else {
                    scanPath(pool, Path.of(path), path);
                }
            }
            return pool.finish();
        }
    }

    private void scanPath(ScanPool pool, Path path, String shown) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attrs.isRegularFile()) {
            submitFile(pool, path, attrs.size(), Origin.file(shown));
        } else if (attrs.isDirectory()) {
            String prefix = prefix(shown);
            if (!(options.useGit() && listWithGit(pool, path, prefix))) {
                walk(pool, path, prefix);
            }
        } else {
            pool.listener.skipped(new Skipped(Origin.file(shown), "not a regular file (a symbolic link or a device)", 0));
        }
    }

    /** How files under a folder argument are named: relative to it, behind the argument unless that is {@code .}. */
    private static String prefix(String folder) {
        String f = folder.replace('\\', '/');
        while (f.endsWith("/") && f.length() > 1) {
            f = f.substring(0, f.length() - 1);
        }
        return f.equals(".") ? "" : f + "/";
    }

    private boolean listWithGit(ScanPool pool, Path dir, String prefix) throws IOException {
        byte[] inside;
        try {
            inside = GitProcess.output(dir, "rev-parse", "--is-inside-work-tree");
        } catch (ScanException noGit) {
            return false;
        }
        if (inside == null || !new String(inside, java.nio.charset.StandardCharsets.US_ASCII).strip().equals("true")) {
            return false;
        }
        try (GitProcess ls = GitProcess.start(dir, "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                "--deduplicate")) {
            NulTokens tokens = new NulTokens(new BufferedInputStream(ls.stdout()), 1 << 16);
            byte[] token;
            while ((token = tokens.next()) != null) {
                String relative = GitLogParser.text(token, 0);
                if (relative.isEmpty()) {
                    continue;
                }
                Path file = dir.resolve(relative);
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException deletedOrUnreadable) {
                    continue;
                }
                // Submodules (folders), symbolic links and files deleted from the work tree are left out.
                if (attrs.isRegularFile()) {
                    submitFile(pool, file, attrs.size(), Origin.file(prefix + relative));
                }
            }
            ls.check();
        }
        return true;
    }

    private void walk(ScanPool pool, Path root, String prefix) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return !dir.equals(root) && dir.getFileName().toString().equals(".git")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    submitFile(pool, file, attrs.size(), Origin.file(prefix + relative(root, file)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                pool.listener.skipped(new Skipped(Origin.file(prefix + relative(root, file)), "cannot read: " + e, 0));
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private void submitFile(ScanPool pool, Path file, long size, Origin origin) throws IOException {
        int keep = (int) Math.min(size, options.maxBlobBytes());
        int reservation = pool.reserve(keep);
        pool.submit(reservation, () -> {
            byte[] data;
            long total;
            try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
                data = in.readNBytes(keep);
                total = data.length < keep ? data.length : Math.max(size, data.length);
            } catch (IOException e) {
                pool.listener.skipped(new Skipped(origin, "cannot read: " + e.getMessage(), size));
                return;
            }
            pool.scanNow(origin, data, data.length, Math.max(0, total - data.length));
        });
    }

    private void scanStream(ScanPool pool, InputStream in, Origin origin) throws IOException {
        int cap = (int) options.maxBlobBytes();
        int reservation = pool.reserve(cap);
        byte[] data = in.readNBytes(cap);
        long rest = 0;
        byte[] drain = new byte[64 * 1024];
        int n;
        while ((n = in.read(drain)) > 0) {
            rest += n;
        }
        pool.scanLater(reservation, origin, data, data.length, rest);
    }
}
