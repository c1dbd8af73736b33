package dev.coffer.leaks.mask;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

/** The streaming side: occurrences across writes, what is held back, flushing and closing. */
class MaskingOutputStreamTest {
    private static final String SECRET = "hunter2-is-my-password";
    private final Masker masker = Masker.builder().addValue(SECRET.getBytes(UTF_8)).build();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final MaskingOutputStream stream = masker.wrap(out);

    private void write(String s) throws IOException {
        stream.write(s.getBytes(UTF_8));
    }

    private String written() {
        return out.toString(UTF_8);
    }

    @Test
    void anOccurrenceSplitAcrossTwoWritesWithAFlushBetweenIsMaskedAtEverySplit() throws IOException {
        String text = "before " + SECRET + " after\n";
        for (int cut = 0; cut <= text.length(); cut++) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            MaskingOutputStream s = masker.wrap(sink);
            s.write(text.substring(0, cut).getBytes(UTF_8));
            s.flush();
            String soFar = sink.toString(UTF_8);
            assertThat("before *** after\n").startsWith(soFar);
            assertThat(soFar).doesNotContain("hunter2");
            s.write(text.substring(cut).getBytes(UTF_8));
            s.close();
            assertThat(sink.toString(UTF_8)).as("cut at %d", cut).isEqualTo("before *** after\n");
        }
    }

    @Test
    void byteByByteWritesGiveTheSameOutput() throws IOException {
        String text = "a " + SECRET + " b " + SECRET.substring(0, 10) + " c " + SECRET;
        for (byte b : text.getBytes(UTF_8)) {
            stream.write(b);
        }
        stream.close();
        assertThat(written()).isEqualTo("a *** b " + SECRET.substring(0, 10) + " c ***");
    }

    @Test
    void bytesThatCannotStartAnOccurrenceAreWrittenAtOnce() throws IOException {
        write("compiling module foo\n");
        assertThat(stream.held()).isZero();
        assertThat(written()).isEqualTo("compiling module foo\n");
        write("Password for hunt");
        assertThat(written()).isEqualTo("compiling module foo\nPassword for ");
        assertThat(stream.held()).isEqualTo(4);
        write("ing: ");
        assertThat(written()).isEqualTo("compiling module foo\nPassword for hunting: ");
        assertThat(stream.held()).isZero();
    }

    @Test
    void aCompleteOccurrenceIsNeverHeld() throws IOException {
        write("x " + SECRET);
        assertThat(stream.held()).isZero();
        assertThat(written()).isEqualTo("x ***");
        write(" y");
        assertThat(written()).isEqualTo("x *** y");
    }

    @Test
    void flushKeepsAPossibleStartButFlushHeldWritesIt() throws IOException {
        write("Enter the code for hunter2");
        stream.flush();
        assertThat(written()).isEqualTo("Enter the code for ");
        stream.flushHeld();
        assertThat(written()).isEqualTo("Enter the code for hunter2");
        assertThat(stream.held()).isZero();
        write(": ok\n");
        assertThat(written()).isEqualTo("Enter the code for hunter2: ok\n");
    }

    @Test
    void anOccurrenceCompletedAfterFlushHeldIsMaskedFromThatPointOn() throws IOException {
        write("token hunter2-is");
        stream.flushHeld();
        write("-my-password done");
        stream.close();
        assertThat(written()).isEqualTo("token hunter2-is*** done");
    }

    @Test
    void closeWritesWhatIsHeldAndClosesTheStreamBeneath() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        MaskingOutputStream s = masker.wrap(new OutputStream() {
            @Override
            public void write(int b) {
                sink.write(b);
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        });
        s.write("the end: hunter2-is".getBytes(UTF_8));
        s.close();
        s.close();
        assertThat(sink.toString(UTF_8)).isEqualTo("the end: hunter2-is");
        assertThat(closed[0]).isTrue();
        assertThatThrownBy(() -> s.write(1)).isInstanceOf(IOException.class).hasMessageContaining("closed");
    }

    @Test
    void aFailingStreamBeneathFailsLaterCallsToo() throws IOException {
        MaskingOutputStream s = masker.wrap(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk full");
            }
        });
        assertThatThrownBy(() -> s.write("some text".getBytes(UTF_8))).hasMessage("disk full");
        assertThatThrownBy(s::flush).hasMessageContaining("failed");
        s.close();
    }

    @Test
    void writeChecksItsArguments() {
        assertThatThrownBy(() -> stream.write(new byte[4], 3, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> stream.write(null, 0, 0)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void manyOccurrencesInOneLargeWrite() throws IOException {
        StringBuilder in = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            in.append("line ").append(i).append(' ').append(i % 3 == 0 ? SECRET : "nothing").append('\n');
            expected.append("line ").append(i).append(' ').append(i % 3 == 0 ? "***" : "nothing").append('\n');
        }
        write(in.toString());
        stream.close();
        assertThat(written()).isEqualTo(expected.toString());
    }

    @Test
    void oneMaskerServesStreamsOnSeveralThreads() throws Exception {
        String line = "stdout " + SECRET + " and " + SECRET.substring(3) + "\n";
        byte[] expected = masker.mask(line.repeat(2000).getBytes(UTF_8));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.List<java.util.concurrent.Future<byte[]>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    ByteArrayOutputStream sink = new ByteArrayOutputStream();
                    try (MaskingOutputStream s = masker.wrap(sink)) {
                        for (int i = 0; i < 2000; i++) {
                            s.write(line.getBytes(UTF_8));
                        }
                    }
                    return sink.toByteArray();
                }));
            }
            for (java.util.concurrent.Future<byte[]> r : results) {
                assertThat(r.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
