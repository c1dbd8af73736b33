package dev.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSinkTest {
    @TempDir
    Path dir;

    @Test
    void batchesAndLinesBiggerThanTheWriteBufferArriveWhole() throws Exception {
        Path file = dir.resolve("audit.log");
        FileSink sink = new FileSink(file, 0, Clock.systemUTC());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 700; i++) {                     // ~700 KB in one batch
            byte[] line = ("{\"n\":" + i + ",\"pad\":\"" + "x".repeat(1000) + "\"}\n").getBytes();
            batch.add(line);
            expected.write(line);
        }
        byte[] huge = new byte[1_100_001];                   // one line over four buffers long (log_raw)
        Arrays.fill(huge, (byte) 'y');
        huge[huge.length - 1] = '\n';
        batch.add(huge);
        expected.write(huge);
        sink.write(batch);
        sink.write(List.of("{\"n\":\"last\"}\n".getBytes()));
        expected.write("{\"n\":\"last\"}\n".getBytes());
        sink.sync();
        sink.close();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void aRegionOfLinesBackToBackArrivesWhole() throws Exception {
        Path file = dir.resolve("audit.log");
        FileSink sink = new FileSink(file, 0, Clock.systemUTC());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int[] ends = new int[600];
        for (int i = 0; i < ends.length; i++) {                  // ~600 KB: three buffers' worth
            expected.write(("{\"n\":" + i + ",\"pad\":\"" + "r".repeat(990) + "\"}\n").getBytes());
            ends[i] = expected.size();
        }
        byte[] region = Arrays.copyOf(expected.toByteArray(), expected.size() + 100);   // slack past the end is not written
        sink.write(region, ends, ends.length);
        sink.write(region, ends, 0);
        sink.sync();
        sink.close();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void pagesAnFsyncCoveredLeaveThePageCacheAndTheFileKeepsThem() throws Exception {
        assumeTrue(PageCache.available(), "skipped: page-cache advice needs Linux on x86-64 or AArch64 (posix_fadvise through JNA)");
        assumeTrue(!Files.getFileStore(dir).type().equals("tmpfs"), "skipped: the temp folder is tmpfs, whose pages are the file itself");
        Path file = dir.resolve("audit.log");
        FileSink sink = new FileSink(file, 0, Clock.systemUTC());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < 256; i++) {                     // 256 KiB: 64 pages
            byte[] line = (String.format("{\"n\":%5d,\"pad\":\"", i) + "z".repeat(1024 - 21) + "\"}\n").getBytes();
            batch.add(line);
            expected.write(line);
        }
        assertThat(expected.size()).isEqualTo(64 * 4096);
        sink.write(batch);
        // Written but not yet fsynced pages are dirty: the cache must hold them.
        assertThat(residentPages(file, 64)).isGreaterThanOrEqualTo(60);
        sink.sync();
        assertThat(residentPages(file, 64)).isLessThanOrEqualTo(1);

        // logrotate's copytruncate empties the file in place; appends start again at 0 and
        // their pages must still be dropped.
        try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
            other.truncate(0);
        }
        List<byte[]> half = batch.subList(0, 128);          // 32 pages
        sink.write(half);
        assertThat(residentPages(file, 32)).isGreaterThanOrEqualTo(30);
        sink.sync();
        assertThat(residentPages(file, 32)).isLessThanOrEqualTo(1);
        expected.reset();
        for (byte[] l : half) {
            expected.write(l);
        }
        sink.write(List.of("{\"n\":\"last\"}\n".getBytes()));
        expected.write("{\"n\":\"last\"}\n".getBytes());
        sink.sync();
        sink.close();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void rotationsLeaveNoDescriptorOpen() throws Exception {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "skipped: needs /proc/self/fd to see open descriptors");
        Path file = dir.resolve("audit.log");
        FileSink sink = new FileSink(file, 0, Clock.systemUTC());
        for (int i = 0; i < 40; i++) {
            sink.write(List.of(("{\"i\":" + i + "}\n").getBytes()));
            sink.sync();
            if (i % 2 == 0) {
                sink.rotate();
            } else {
                sink.reopen();
            }
            // the channel, and the advice descriptor where the platform has one
            assertThat(descriptorsInto(fds, dir)).isBetween(1L, PageCache.available() ? 2L : 1L);
        }
        sink.close();
        assertThat(descriptorsInto(fds, dir)).isZero();
    }

    /** This process's open descriptors on files inside {@code folder}. */
    private static long descriptorsInto(Path fds, Path folder) throws Exception {
        Path real = folder.toRealPath();
        try (var s = Files.list(fds)) {
            return s.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(real);
                } catch (Exception closedMeanwhile) {
                    return false;
                }
            }).count();
        }
    }

    /** Pages of {@code file} the page cache holds now (mincore through one small mapping per page). */
    private static int residentPages(Path file, int pages) throws Exception {
        int n = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int i = 0; i < pages; i++) {
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, i * 4096L, 4096);
                if (m.isLoaded()) {
                    n++;
                }
            }
        }
        return n;
    }
}
