package dev.coffer.leaks.mask;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Fuzzing the values-file parser: any bytes parse, into the lines a person would see. */
class ValuesFileProperties {
    /** Bytes biased towards what trips line parsers: LF, CR, a byte order mark, blanks. */
    @Provide
    Arbitrary<byte[]> fileContents() {
        Arbitrary<byte[]> piece = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(6),
                Arbitraries.of(new byte[] {'\n'}, new byte[] {'\r', '\n'}, new byte[] {'\r'}, new byte[] {' '},
                        new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, new byte[] {0}, "s3cr3t!".getBytes(ISO_8859_1)));
        return piece.list().ofMaxSize(30).map(pieces -> {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            pieces.forEach(out::writeBytes);
            return out.toByteArray();
        });
    }

    /** The same rule written another way: split the text on LF, drop one CR at a line's end. */
    private static List<String> reference(byte[] content) {
        String text = new String(content, ISO_8859_1);
        if (text.startsWith("\u00EF\u00BB\u00BF")) {
            text = text.substring(3);
        }
        List<String> values = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String v = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        return values;
    }

    private static List<String> parsed(byte[] content) {
        List<String> values = new ArrayList<>();
        for (byte[] v : ValuesFile.parse(content)) {
            values.add(new String(v, ISO_8859_1));
        }
        return values;
    }

    @Property(tries = 2000)
    void anyContentParsesToTheNonEmptyLines(@ForAll("fileContents") byte[] content) {
        List<String> values = parsed(content);
        assertThat(values).isEqualTo(reference(content));
        for (String v : values) {
            assertThat(v).isNotEmpty().doesNotContain("\n");
        }
    }

    @Property(tries = 500)
    void valuesWrittenOnePerLineComeBackUnchanged(@ForAll("fileContents") byte[] seed, @ForAll boolean crlf) {
        List<String> values = new ArrayList<>();
        for (String v : new String(seed, ISO_8859_1).split("[\r\n]")) {
            if (!v.isEmpty() && !v.startsWith("\u00EF\u00BB\u00BF")) {
                values.add(v);
            }
        }
        String file = String.join(crlf ? "\r\n" : "\n", values) + (crlf ? "\r\n" : "");
        assertThat(parsed(file.getBytes(ISO_8859_1))).isEqualTo(values);
    }

    @Example
    void aFileIsReadFromDisk() throws Exception {
        Path f = Files.createTempFile("values", ".txt");
        try {
            Files.write(f, "\uFEFFfirst value\r\n\r\nsecond\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(ValuesFile.read(f)).extracting(v -> new String(v, ISO_8859_1)).containsExactly("first value", "second");
        } finally {
            Files.delete(f);
        }
        assertThat(Arrays.asList(ValuesFile.parse(new byte[0]).toArray())).isEmpty();
    }
}
