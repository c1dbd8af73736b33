package dev.coffer.core.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * An append-only file; {@link #sync} fsyncs everything written so far (the device's sync thread
 * groups these). Notices when the file was deleted or replaced (log shippers, operators) and
 * reopens the path. Rotates past {@code rotateBytes} or once the file has been open for
 * {@code rotateAge} (counted from when this server opened it): the old file is renamed with a time
 * stamp and the chain continues in a new file at the same path. Both are checked when a batch is
 * written, so an idle server rotates at its next request.
 */
final class FileSink implements AuditSink {
    private final Path path;
    private final long rotateBytes;
    private final java.time.Duration rotateAge;
    private final Clock clock;
    /** The open file, or null; volatile: {@link #sync} reads it beside a rotation. */
    private volatile Segment current;
    /** Reused for every write (the writer thread is the only caller): one copy into native memory, not two. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
    /** An fsync that failed while a file was let go of (rotation): the next {@link #sync} reports it. */
    private volatile IOException lostSync;

    FileSink(Path path, long rotateBytes, Clock clock) throws IOException {
        this(path, rotateBytes, java.time.Duration.ZERO, clock);
    }

    /** @param rotateAge zero: no age limit */
    FileSink(Path path, long rotateBytes, java.time.Duration rotateAge, Clock clock) throws IOException {
        this.path = path;
        this.rotateBytes = rotateBytes;
        this.rotateAge = rotateAge;
        this.clock = clock;
        open();
    }

    /**
     * One open file: its channel, its identity (to notice a replaced path), the bytes this sink
     * wrote to it, and a second descriptor through which {@link #sync} drops the pages it made
     * durable from the page cache. An audit file is written once and rarely read back, so keeping
     * it cached only evicts what other code needs; and appending into ever new cache pages costs
     * several times more than reusing freed ones (measured: docs/performance.md).
     */
    private static final class Segment {
        final FileChannel channel;
        final Object fileKey;
        final java.time.Instant openedAt;
        /** Bytes written through this sink, for rotation by size (the writer thread adds). */
        volatile long size;
        /** Guarded by this: the advice descriptor (-1: none) and how far pages were dropped. */
        private int adviceFd;
        private long dropped;

        Segment(FileChannel channel, Object fileKey, java.time.Instant openedAt, long size, int adviceFd) {
            this.channel = channel;
            this.fileKey = fileKey;
            this.openedAt = openedAt;
            this.size = size;
            this.adviceFd = adviceFd;
            this.dropped = PageCache.pageFloor(size);
        }

        /**
         * After an fsync covering {@code [0, upTo)}: lets the cache drop the whole pages in it. The
         * page holding {@code upTo} stays: later lines go into it, and advising it would start its
         * writeback under the writer or make the next append read it back from disk.
         */
        synchronized void dropDurable(long upTo) {
            long end = PageCache.pageFloor(upTo);
            if (end < dropped) {
                // Truncated in place (logrotate's copytruncate): start again from 0. A file
                // truncated and grown past the old mark between two syncs keeps its first pages
                // cached until the kernel reclaims them; nothing else is affected.
                dropped = 0;
            }
            if (adviceFd >= 0 && end - dropped >= DROP_AT_LEAST) {
                PageCache.dropCached(adviceFd, dropped, end - dropped);
                dropped = end;
            }
        }

        /** Closed here so a concurrent {@link #dropDurable} never advises a reused descriptor number. */
        synchronized void closeAdvice() {
            PageCache.release(adviceFd);
            adviceFd = -1;
        }
    }

    /** Fewer bytes than this are left cached until the next sync: one system call per 64 KiB at most. */
    private static final long DROP_AT_LEAST = 64 * 1024;

    private void open() throws IOException {
        current = null;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
        if (!Files.exists(path)) {
            try {
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(path);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another writer created it first: append to it
            }
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        int adviceFd = -1;
        try {
            Object fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            adviceFd = PageCache.openForAdvice(path, fileKey);
            current = new Segment(channel, fileKey, clock.instant(), channel.size(), adviceFd);
        } catch (Throwable e) {   // an Error too: neither descriptor may outlive a failed open
            PageCache.release(adviceFd);
            channel.close();
            throw e;
        }
    }

    @Override
    public void write(List<byte[]> lines) throws IOException {
        Segment seg = writable();
        long total = 0;
        for (byte[] l : lines) {
            put(seg.channel, buffer, l, l.length);
            total += l.length;
        }
        finish(seg, total);
    }

    /** The whole region with one copy into the write buffer (usually one write(2)). */
    @Override
    public void write(byte[] bytes, int[] ends, int count) throws IOException {
        Segment seg = writable();
        int total = count == 0 ? 0 : ends[count - 1];
        put(seg.channel, buffer, bytes, total);
        finish(seg, total);
    }

    /**
     * The open file, its write buffer emptied for a new batch. Usually one write(2) per batch; a
     * batch (or a log_raw line) bigger than the buffer goes out in buffer-sized pieces, so memory
     * stays bounded.
     */
    private Segment writable() throws IOException {
        Segment seg = current;
        if (seg == null) {
            throw new IOException("audit file " + path + " is not open");
        }
        buffer.clear();
        return seg;
    }

    private void finish(Segment seg, long total) throws IOException {
        drain(seg.channel, buffer);
        seg.size += total;   // the writer thread is the only one adding
    }

    /** Copies {@code src[0, length)} into the buffer, writing the buffer out whenever it fills. */
    private static void put(FileChannel channel, ByteBuffer buf, byte[] src, int length) throws IOException {
        for (int off = 0; off < length; ) {
            if (!buf.hasRemaining()) {
                drain(channel, buf);
            }
            int n = Math.min(buf.remaining(), length - off);
            buf.put(src, off, n);
            off += n;
        }
    }

    private static void drain(FileChannel channel, ByteBuffer buf) throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        buf.clear();
    }

    @Override
    public void sync() throws IOException {
        Segment seg = current;
        if (seg == null) {
            return;
        }
        try {
            // The file's length, not what this sink counted: after an in-place truncation
            // (logrotate's copytruncate) appends start again at 0. Read before the fsync, which
            // then covers every byte below it.
            long written = seg.channel.size();
            seg.channel.force(false);
            seg.dropDurable(written);
        } catch (java.nio.channels.ClosedChannelException rotated) {
            // closed by a rotation meanwhile, which fsynced it first (or kept its failure, below)
        }
        IOException lost = lostSync;
        if (lost != null) {
            lostSync = null;
            throw lost;
        }
    }

    /** True when the file is past its size or age limit (or not open). */
    @Override
    public boolean wantsRotation() {
        Segment seg = current;
        if (seg == null) {
            return true;
        }
        long size = seg.size;
        if (rotateBytes > 0 && size >= rotateBytes) {
            return true;
        }
        return !rotateAge.isZero() && size > 0 && !clock.instant().isBefore(seg.openedAt.plus(rotateAge));
    }

    /** True when the path no longer names the file we write to (deleted, moved, replaced). */
    @Override
    public boolean replaced() {
        Segment seg = current;
        if (seg == null) {
            return true;
        }
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            return !Objects.equals(now, seg.fileKey);
        } catch (NoSuchFileException gone) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void rotate() throws IOException {
        Segment was = current;
        boolean wasOpen = was != null;
        close();
        boolean replacedOrGone;
        try {
            replacedOrGone = !wasOpen || !Objects.equals(Files.readAttributes(path, BasicFileAttributes.class).fileKey(), was.fileKey);
        } catch (NoSuchFileException gone) {
            replacedOrGone = true;
        }
        if (wasOpen && !replacedOrGone && Files.isRegularFile(path)) {
            String stamp = DateTimeFormatter.ISO_INSTANT.format(clock.instant()).replace(':', '-');
            Files.move(path, path.resolveSibling(path.getFileName() + "." + stamp), StandardCopyOption.ATOMIC_MOVE);
        }
        open();
    }

    @Override
    public void reopen() throws IOException {
        close();
        open();
    }

    @Override
    public void close() throws IOException {
        Segment seg = current;
        if (seg == null) {
            return;
        }
        seg.closeAdvice();
        FileChannel c = seg.channel;
        if (c.isOpen()) {
            try {
                c.force(false);
            } catch (IOException broken) {
                // A file that cannot fsync must still be let go of, so rotation can move on; the
                // failure is reported by the next sync, so the device does not count it as recorded.
                lostSync = broken;
            } finally {
                c.close();
            }
        }
    }
}
