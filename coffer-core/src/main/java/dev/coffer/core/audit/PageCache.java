package dev.coffer.core.audit;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
    private static final int O_NOCTTY = 0x100;
    private static final int O_NONBLOCK = 0x800;
    private static final int O_CLOEXEC = 0x80000;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final boolean AVAILABLE = bind();

    private PageCache() {
    }

    private static native int open(byte[] path, int flags);

    private static native int posix_fadvise(int fd, long offset, long len, int advice);

    private static native int close(int fd);

    private static boolean bind() {
        // JNA unpacks its native stub before loading it. Unless told otherwise it uses a shared
        // cache directory and leaves that behind; here it gets a fresh directory only this user
        // can enter, and both go once the stub is loaded (JNA deletes the file itself). Any
        // failure, an Error included (JNA missing, a mismatched native library), only means
        // audit files stay cached.
        Path dir = null;
        try {
            if (!Platform.isLinux() || !Platform.is64Bit() || !(Platform.isIntel() || Platform.isARM())) {
                return false;
            }
            if (System.getProperty("jna.tmpdir") == null) {
                dir = Files.createTempDirectory("coffer-jna-");
                System.setProperty("jna.tmpdir", dir.toString());
            }
            Native.register(PageCache.class, Platform.C_LIBRARY_NAME);
            return true;
        } catch (Throwable e) {
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

    /**
     * A read-only descriptor to advise about {@code file}'s pages, or -1 (no advice then). It is
     * opened by name, so it is kept only if it names the same file as {@code fileKey} (the path
     * may have been swapped meanwhile); non-blocking, so a FIFO put there cannot hang the caller.
     */
    static int openForAdvice(Path file, Object fileKey) {
        if (!AVAILABLE || fileKey == null) {
            return -1;
        }
        byte[] name = file.toAbsolutePath().toString().getBytes(pathCharset());
        int fd = open(Arrays.copyOf(name, name.length + 1), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            return -1;
        }
        try {
            Object opened = Files.readAttributes(Path.of("/proc/self/fd/" + fd), BasicFileAttributes.class).fileKey();
            if (fileKey.equals(opened)) {
                return fd;
            }
        } catch (IOException | RuntimeException e) {
            // cannot tell which file it is: no advice
        }
        close(fd);
        return -1;
    }

    /** How the JDK encodes file names for the system (what the channel's open used). */
    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
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
