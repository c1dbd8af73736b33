package dev.coffer.cli.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The private directory of one run's secret files: {@code coffer-run-<pid>-<start>-<random>} in
 * {@code /dev/shm} when it is writable (memory, never disk), else in {@code java.io.tmpdir};
 * created with mode 0700, each file created with mode 0600 before a byte is written
 * ({@code O_CREAT|O_EXCL} with the mode, no window in which another user could open it).
 *
 * <p>{@link #close} removes it (idempotent; the shutdown hook and the normal path may both call
 * it). A run killed with {@code SIGKILL} cannot clean up; the next run that makes a directory
 * removes the ones this user left whose process is gone: the pid in the name no longer runs, or
 * runs with another start time (the pid was reused).
 */
public final class SecretFiles implements AutoCloseable {
    static final String PREFIX = "coffer-run-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-(\\d+)-[0-9a-f]+");
    private static final Path SHM = Path.of("/dev/shm");

    private final Path dir;
    private final List<Path> files = new ArrayList<>();
    private boolean closed;

    private SecretFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * Makes a fresh private directory and sweeps the stale ones of earlier runs of this user.
     *
     * @throws RunFailure when no private directory can be made
     */
    public static SecretFiles create() {
        List<Path> bases = bases();
        ProcessHandle self = ProcessHandle.current();
        String name = PREFIX + self.pid() + "-" + startMillis(self) + "-" + random();
        Path dir = null;
        Exception last = null;
        for (Path base : bases) {
            Path d = base.resolve(name);
            try {
                Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
                dir = d;
                break;
            } catch (IOException | UnsupportedOperationException e) {
                last = e;
            }
        }
        if (dir == null) {
            throw new RunFailure("cannot create a private directory for secret files in " + bases + ": " + last);
        }
        SecretFiles created = new SecretFiles(dir);
        Object uid = uid(dir);
        for (Path b : bases) {
            sweep(b, uid, dir);
        }
        return created;
    }

    /** {@code /dev/shm} first when writable, then {@code java.io.tmpdir}. */
    private static List<Path> bases() {
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(SHM) && Files.isWritable(SHM)) {
            out.add(SHM);
        }
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        if (!out.contains(tmp)) {
            out.add(tmp);
        }
        return out;
    }

    /**
     * Writes one secret into a new file named {@code name}, mode 0600.
     *
     * @return its absolute path
     */
    public synchronized Path write(String name, byte[] content) {
        Injection.checkName(name, "secret file");
        Path f = dir.resolve(name);
        try (SeekableByteChannel ch = Files.newByteChannel(f, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
            files.add(f);
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (FileAlreadyExistsException e) {
            throw new RunFailure("secret file " + name + " is requested twice");
        } catch (IOException e) {
            throw new RunFailure("cannot write secret file " + f + ": " + e.getMessage());
        }
        return f.toAbsolutePath();
    }

    public Path directory() {
        return dir;
    }

    /** Removes the files and the directory; later calls do nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeTree(dir);
    }

    private static void sweep(Path base, Object uid, Path own) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, PREFIX + "*")) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (p.equals(own) || !m.matches() || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                        || uid == null || !uid.equals(uid(p)) || alive(m.group(1), m.group(2))) {
                    continue;
                }
                removeTree(p);
            }
        } catch (IOException | RuntimeException e) {
            // A failed sweep must not stop this run; what is left is removed by a later one.
        }
    }

    /** Whether the run that made a directory may still be running. */
    private static boolean alive(String pid, String start) {
        long p;
        try {
            p = Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return true;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(p);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        long recorded = Long.parseLong(start);
        long actual = startMillis(h.get());
        return recorded == 0 || actual == 0 || recorded == actual;
    }

    private static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }

    private static Object uid(Path p) {
        try {
            return Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Deletes a directory of plain files (never following a link out of it), then the directory. */
    private static void removeTree(Path d) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(d)) {
            for (Path p : ds) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a file we cannot delete keeps its directory too; reported by the directory's delete
                }
            }
        } catch (IOException e) {
            // gone already, or unreadable: try the directory itself
        }
        try {
            Files.deleteIfExists(d);
        } catch (IOException e) {
            System.err.println("coffer: warning: could not remove " + d + ": " + e.getMessage());
        }
    }

    private static String random() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public String toString() {
        return "SecretFiles[" + dir + "]";
    }
}
