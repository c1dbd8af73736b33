package dev.coffer.leaks.mask;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * For random values and random text around them, the streaming masker writes exactly what the
 * obvious rule gives (every byte of every occurrence masked, each run replaced once), leaves no
 * value behind, and does not care how the text is cut into writes.
 */
class MaskerProperties {
    private static final byte[] STARS = {'*', '*', '*'};

    /** Values over a small alphabet, so that they overlap, nest and share prefixes. */
    @Provide
    Arbitrary<List<byte[]>> overlappingValues() {
        return Arbitraries.of((byte) 'a', (byte) 'b', (byte) 'c', (byte) 'x')
                .array(byte[].class).ofMinSize(4).ofMaxSize(10)
                .list().ofMinSize(1).ofMaxSize(6);
    }

    /** Values of any bytes except '*', so that the replacement cannot make one. */
    @Provide
    Arbitrary<List<byte[]>> anyValues() {
        Arbitrary<Byte> bytes = Arbitraries.oneOf(
                Arbitraries.bytes().filter(b -> b != '*'),
                Arbitraries.of((byte) '"', (byte) '\\', (byte) '\'', (byte) '\n', (byte) ' ', (byte) '$',
                        (byte) '%', (byte) '/', (byte) 0xc3, (byte) 0xa9));
        return bytes.array(byte[].class).ofMinSize(4).ofMaxSize(14).list().ofMinSize(1).ofMaxSize(4);
    }

    /** Text made of random filler and, between the pieces, values as they are or encoded. */
    private static byte[] text(List<byte[]> pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : pieces) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static Arbitrary<byte[]> textAround(List<byte[]> insertions, Arbitrary<Byte> filler) {
        Arbitrary<byte[]> fill = filler.array(byte[].class).ofMaxSize(12);
        Arbitrary<byte[]> piece = insertions.isEmpty() ? fill
                : Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, fill),
                        net.jqwik.api.Tuple.of(2, Arbitraries.of(insertions)));
        return piece.list().ofMaxSize(12).map(MaskerProperties::text);
    }

    @Provide
    Arbitrary<Case> literalCases() {
        return overlappingValues().flatMap(values -> Combinators.combine(
                Arbitraries.just(values),
                textAround(values, Arbitraries.of((byte) 'a', (byte) 'b', (byte) 'c', (byte) 'x', (byte) '\n')),
                Arbitraries.integers().between(0, 1 << 12))
                .as(Case::new));
    }

    @Provide
    Arbitrary<Case> encodedCases() {
        return anyValues().flatMap(values -> {
            List<byte[]> forms = new ArrayList<>();
            for (byte[] v : values) {
                forms.addAll(Encodings.of(v, true));
                forms.add(inBase64Blob(v, forms.size() % 3));
            }
            return Combinators.combine(Arbitraries.just(values), textAround(forms, Arbitraries.bytes()),
                    Arbitraries.just(1 << 20)).as(Case::new);
        });
    }

    /** The value inside a base64 blob at the given byte offset. */
    private static byte[] inBase64Blob(byte[] value, int offset) {
        byte[] blob = new byte[offset + value.length + 4];
        System.arraycopy(value, 0, blob, offset, value.length);
        return Base64.getEncoder().encode(blob);
    }

    /** Values, a text, and the dense budget of the automaton (small ones force the deep paths). */
    record Case(List<byte[]> values, byte[] text, int denseBudget) {
        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("values=");
            for (byte[] v : values) {
                s.append(java.util.HexFormat.of().formatHex(v)).append(' ');
            }
            return s + "text=" + java.util.HexFormat.of().formatHex(text) + " budget=" + denseBudget;
        }
    }

    private static byte[] streamed(Automaton automaton, byte[] text, List<Integer> cuts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MaskingOutputStream s = new MaskingOutputStream(automaton, STARS, out);
        int from = 0;
        for (int cut : cuts) {
            int to = Math.min(text.length, Math.max(from, cut));
            s.write(text, from, to - from);
            s.flush();
            assertThat(s.held()).isLessThan(Math.max(1, automaton.maxLength));
            from = to;
        }
        s.write(text, from, text.length - from);
        s.close();
        return out.toByteArray();
    }

    @Property(tries = 400)
    void literalMaskingIsTheUnionOfOccurrences(@ForAll("literalCases") Case c) throws IOException {
        List<byte[]> patterns = Reference.patterns(c.values(), false);
        Automaton automaton = Automaton.build(patterns, c.denseBudget());
        byte[] expected = Reference.mask(c.text(), patterns, STARS);
        assertThat(streamed(automaton, c.text(), List.of())).isEqualTo(expected);
    }

    @Property(tries = 300)
    void encodedMaskingIsTheUnionOfOccurrencesOfEveryForm(@ForAll("encodedCases") Case c) throws IOException {
        List<byte[]> patterns = Reference.patterns(c.values(), true);
        Masker.Builder b = Masker.builder();
        c.values().forEach(b::addValue);
        byte[] masked = b.build().mask(c.text());
        assertThat(masked).isEqualTo(Reference.mask(c.text(), patterns, STARS));
    }

    @Property(tries = 300)
    void noValueAndNoEncodedFormIsLeft(@ForAll("encodedCases") Case c) {
        Masker.Builder b = Masker.builder();
        c.values().forEach(b::addValue);
        byte[] masked = b.build().mask(c.text());
        for (byte[] form : Reference.patterns(c.values(), true)) {
            if (!Reference.contains(form, STARS) && !Reference.contains(STARS, form)) {
                assertThat(Reference.contains(masked, form)).as("a form is left").isFalse();
            }
        }
    }

    @Property(tries = 300)
    void howTheTextIsCutIntoWritesDoesNotMatter(@ForAll("literalCases") Case c,
                                                @ForAll @Size(max = 8) List<@IntRange(max = 120) Integer> cuts)
            throws IOException {
        List<byte[]> patterns = Reference.patterns(c.values(), false);
        Automaton automaton = Automaton.build(patterns, c.denseBudget());
        List<Integer> sorted = new ArrayList<>(cuts);
        sorted.sort(null);
        assertThat(streamed(automaton, c.text(), sorted)).isEqualTo(streamed(automaton, c.text(), List.of()));
    }

    @Property(tries = 200)
    void cutsInEncodedTextDoNotMatterEither(@ForAll("encodedCases") Case c,
                                           @ForAll @Size(max = 8) List<@IntRange(max = 200) Integer> cuts)
            throws IOException {
        Automaton automaton = Automaton.build(Reference.patterns(c.values(), true));
        List<Integer> sorted = new ArrayList<>(cuts);
        sorted.sort(null);
        assertThat(streamed(automaton, c.text(), sorted)).isEqualTo(streamed(automaton, c.text(), List.of()));
    }

    /** The three alignments of a value inside any base64 blob: the value's own characters are gone. */
    @Property(tries = 300)
    void base64AtAnyOffsetLosesTheValuesCharacters(
            @ForAll @Size(min = 5, max = 40) byte[] value,
            @ForAll @Size(max = 20) byte[] before,
            @ForAll @Size(max = 20) byte[] after,
            @ForAll boolean urlSafe) {
        byte[] blob = new byte[before.length + value.length + after.length];
        System.arraycopy(before, 0, blob, 0, before.length);
        System.arraycopy(value, 0, blob, before.length, value.length);
        System.arraycopy(after, 0, blob, before.length + value.length, after.length);
        String encoded = (urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder()).encodeToString(blob);
        int from = (8 * before.length + 5) / 6;
        int to = 8 * (before.length + value.length) / 6;

        String masked = new String(Masker.builder().addValue(value).build()
                .mask(encoded.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), java.nio.charset.StandardCharsets.US_ASCII);

        int star = masked.indexOf("***");
        assertThat(star).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(from);
        assertThat(encoded).startsWith(masked.substring(0, star));
        String rest = masked.substring(masked.lastIndexOf("***") + 3);
        assertThat(encoded).endsWith(rest);
        assertThat(encoded.length() - rest.length()).isGreaterThanOrEqualTo(to);
    }
}
