package dev.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
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
}
