package dev.coffer.core.audit;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells Linux that pages of an audit file which were written and fsynced will not be read again
 * ({@code posix_fadvise(POSIX_FADV_DONTNEED)}), so it frees them and the next appends reuse them
 * instead of ever new memory. The JDK has no call for this; JNA binds the three libc functions.
 * Elsewhere (other systems, other architectures, JNA unable to load) every method does nothing:
 * the advice is an optimisation, never a condition for recording a line.
 */
final class PageCache {
    private static final Logger LOG = LoggerFactory.getLogger(PageCache.class);
    private static final long PAGE = 4096;
    /** Linux's values on x86-64 and AArch64 (the only architectures bound). */
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final boolean AVAILABLE = bind();

    private PageCache() {
    }

    private static native int open(byte[] path, int flags);

    private static native int posix_fadvise(int fd, long offset, long len, int advice);

    private static native int close(int fd);

    private static boolean bind() {
        if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
            return false;
        }
        // JNA unpacks its native stub before loading it. Unless told otherwise it uses a shared
        // cache directory and leaves that behind; here it gets a fresh directory only this user
        // can enter, and both go once the stub is loaded (JNA deletes the file itself).
        Path dir = null;
        try {
            if (System.getProperty("jna.tmpdir") == null) {
                dir = Files.createTempDirectory("coffer-jna-");
                System.setProperty("jna.tmpdir", dir.toString());
            }
            Native.register(PageCache.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (IOException | LinkageError | RuntimeException e) {
            LOG.info("audit files stay in the page cache: native advice unavailable ({})", e.toString());
            return false;
        } finally {
            if (dir != null) {
                System.clearProperty("jna.tmpdir");
                deleteQuietly(dir);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory holding nothing secret; the system's tmp cleaning takes it
        }
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** The offset of the page holding byte {@code offset}. */
    static long pageFloor(long offset) {
        return offset & ~(PAGE - 1);
    }

    /** A read-only descriptor to advise about {@code file}'s pages, or -1 (none needed then). */
    static int openForAdvice(Path file) {
        if (!AVAILABLE) {
            return -1;
        }
        byte[] name = file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8);
        int fd = open(Arrays.copyOf(name, name.length + 1), O_RDONLY | O_CLOEXEC);
        return fd >= 0 ? fd : -1;
    }

    /**
     * Drops the cached pages wholly inside {@code [offset, offset + length)}. Only clean pages
     * go (the caller fsynced them); a dirty or partly written page stays, so no data is at stake.
     */
    static void dropCached(int fd, long offset, long length) {
        if (AVAILABLE && fd >= 0 && length > 0) {
            posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
        }
    }

    static void release(int fd) {
        if (AVAILABLE && fd >= 0) {
            close(fd);
        }
    }
}
