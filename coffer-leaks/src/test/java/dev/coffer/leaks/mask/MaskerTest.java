package dev.coffer.leaks.mask;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a log reader sees: each way a value can be printed, and what must stay as it was. */
class MaskerTest {
    private static final String SECRET = "correct-horse-battery-staple";

    private static Masker masker(String... values) {
        Masker.Builder b = Masker.builder();
        for (String v : values) {
            b.addValue(v.getBytes(UTF_8));
        }
        return b.build();
    }

    private static String mask(Masker m, String text) {
        return new String(m.mask(text.getBytes(UTF_8)), UTF_8);
    }

    @Test
    void theValueItselfIsReplacedAndEverythingElseIsLeftAsItWas() {
        Masker m = masker(SECRET);
        assertThat(mask(m, "login with " + SECRET + "\nok\n")).isEqualTo("login with ***\nok\n");
        assertThat(mask(m, SECRET + SECRET)).isEqualTo("***");
        assertThat(mask(m, "no secret here: correct-horse-battery-stapl")).isEqualTo("no secret here: correct-horse-battery-stapl");
        assertThat(mask(m, "")).isEmpty();
    }

    @Test
    void binaryBytesAroundAnOccurrencePassUnchanged() {
        byte[] value = {0, (byte) 0xff, 10, 13, (byte) 0x80, 'k', 'e', 'y'};
        Masker m = Masker.builder().addValue(value).build();
        byte[] input = {1, 2, (byte) 0xfe, 0, (byte) 0xff, 10, 13, (byte) 0x80, 'k', 'e', 'y', 0, (byte) 0xff, 10};
        byte[] expected = {1, 2, (byte) 0xfe, '*', '*', '*', 0, (byte) 0xff, 10};
        assertThat(m.mask(input)).isEqualTo(expected);
    }

    /**
     * A value inside a longer base64 text: at byte offset 3k+a it is encoded differently for each
     * a, with a character at each end shared with its neighbours. The characters made of the
     * value's bits alone are masked; the neighbours' bits stay.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void base64InsideLongerBase64AtEachAlignment(int alignment) {
        for (String value : new String[] {SECRET, SECRET + "!", SECRET + "!?"}) {
            Masker m = masker(value);
            byte[] v = value.getBytes(UTF_8);
            byte[] blob = new byte[12 + alignment + v.length + 9];
            new Random(alignment).nextBytes(blob);
            int at = 12 + alignment;
            System.arraycopy(v, 0, blob, at, v.length);
            // Neighbours with high bits set, so no encoding of the value alone matches by chance.
            blob[at - 1] = (byte) 0xff;
            blob[at + v.length] = (byte) 0xff;
            String encoded = Base64.getEncoder().encodeToString(blob);
            int from = (8 * at + 5) / 6;
            int to = 8 * (at + v.length) / 6;

            String masked = mask(m, "data=" + encoded + "; next");

            assertThat(masked).isEqualTo("data=" + encoded.substring(0, from) + "***" + encoded.substring(to) + "; next");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void urlSafeBase64InsideLongerText(int alignment) {
        // Bytes 0xff are "/" in standard base64 and "_" in URL-safe base64, at any alignment.
        byte[] v = new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 's', 'e', 'c', 'r', 'e', 't', '!'};
        Masker m = Masker.builder().addValue(v).build();
        byte[] blob = new byte[alignment + v.length + 3];
        System.arraycopy(v, 0, blob, alignment, v.length);
        blob[blob.length - 3] = (byte) 0xff;
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(blob);
        int from = (8 * alignment + 5) / 6;
        int to = 8 * (alignment + v.length) / 6;
        assertThat(encoded.substring(from, to)).contains("__");

        assertThat(mask(m, "jwt " + encoded + ".")).isEqualTo("jwt " + encoded.substring(0, from) + "***" + encoded.substring(to) + ".");
    }

    @Test
    void base64OfTheValueAloneIsMaskedWithItsPadding() {
        Masker m = masker("pass-word!");
        String alone = Base64.getEncoder().encodeToString("pass-word!".getBytes(UTF_8));
        String echoed = Base64.getEncoder().encodeToString("pass-word!\n".getBytes(UTF_8));
        assertThat(alone).endsWith("=");
        assertThat(mask(m, "x " + alone + " y")).isEqualTo("x *** y");
        assertThat(mask(m, "x " + echoed + " y")).isEqualTo("x *** y");
    }

    @Test
    void hexInEitherCase() {
        Masker m = masker(SECRET);
        String lower = HexFormat.of().formatHex(SECRET.getBytes(UTF_8));
        String upper = HexFormat.of().withUpperCase().formatHex(SECRET.getBytes(UTF_8));
        assertThat(mask(m, "0x" + lower + "\n" + upper + ".")).isEqualTo("0x***\n***.");
    }

    @Test
    void urlEncodedAsTheCommonEncodersWriteIt() {
        String value = "p@ss w/rd&x=1~*";
        Masker m = masker(value);
        String form = URLEncoder.encode(value, UTF_8);
        String rfc = form.replace("+", "%20").replace("%7E", "~").replace("*", "%2A");
        assertThat(form).isEqualTo("p%40ss+w%2Frd%26x%3D1%7E*");
        assertThat(mask(m, "GET /login?pw=" + form + "&next=1")).isEqualTo("GET /login?pw=***&next=1");
        assertThat(mask(m, "curl -d pw=" + rfc + " x")).isEqualTo("curl -d pw=*** x");
        assertThat(mask(m, "pw=" + lowerHexEscapes(rfc) + " x")).isEqualTo("pw=*** x");
    }

    private static String lowerHexEscapes(String encoded) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            s.append(c);
            if (c == '%') {
                s.append(encoded.substring(i + 1, i + 3).toLowerCase(java.util.Locale.ROOT));
                i += 2;
            }
        }
        return s.toString();
    }

    @Test
    void jsonEscapedWithQuotesNewlinesAndUnicode() {
        String value = "pa\"ss\\wörd\nline2\t€/x";
        Masker m = masker(value);
        String jackson = "pa\\\"ss\\\\wörd\\nline2\\t€/x";
        String python = "pa\\\"ss\\\\w\\u00f6rd\\nline2\\t\\u20ac/x";
        String php = "pa\\\"ss\\\\w\\u00f6rd\\nline2\\t\\u20ac\\/x";
        for (String escaped : new String[] {jackson, python, php}) {
            assertThat(mask(m, "{\"password\":\"" + escaped + "\",\"user\":\"app\"}"))
                    .isEqualTo("{\"password\":\"***\",\"user\":\"app\"}");
        }
    }

    @Test
    void jsonEscapedControlCharactersInEitherCaseAndGosHtmlSafeForm() {
        String value = "a<b>&c" + (char) 0x1f + "d";
        Masker m = masker(value);
        String bs = "\\";
        for (String escaped : new String[] {"a<b>&c" + bs + "u001Fd", "a<b>&c" + bs + "u001fd",
            "a" + bs + "u003cb" + bs + "u003e" + bs + "u0026c" + bs + "u001fd"}) {
            assertThat(mask(m, "{\"k\":\"" + escaped + "\"}")).isEqualTo("{\"k\":\"***\"}");
        }
    }

    @Test
    void insideShellQuotes() {
        String value = "it's $HOME `x` \"q\"";
        Masker m = masker(value);
        String single = "'" + value.replace("'", "'\\''") + "'";
        String dbl = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "\\$").replace("`", "\\`") + "\"";
        assertThat(mask(m, "+ export PW=" + single + "\n")).isEqualTo("+ export PW='***'\n");
        assertThat(mask(m, "+ export PW=" + dbl + "\n")).isEqualTo("+ export PW=\"***\"\n");
    }

    @Test
    void aPemKeyPrintedLineByLine() {
        Random r = new Random(7);
        StringBuilder pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        for (int i = 0; i < 12; i++) {
            byte[] line = new byte[52];
            r.nextBytes(line);
            pem.append(Base64.getEncoder().encodeToString(line)).append('\n');
        }
        pem.append("AAECAwQ=\n-----END OPENSSH PRIVATE KEY-----\n");
        Masker m = masker(pem.toString());

        StringBuilder log = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (String line : pem.toString().split("\n")) {
            log.append("[key] ").append(line).append("\r\n");
            expected.append("[key] ***\r\n");
        }
        assertThat(mask(m, log.toString())).isEqualTo(expected.toString());
        assertThat(mask(m, "cat key.pem:\n" + pem + "done")).isEqualTo("cat key.pem:\n***done");
    }

    @Test
    void overlappingOccurrencesOfTwoValuesAreMaskedAsOneRun() {
        Masker m = masker("abcdefgh", "efghijkl");
        assertThat(mask(m, "xxabcdefghijklyy")).isEqualTo("xx***yy");
        assertThat(mask(m, "xxefghijkl abcdefgh")).isEqualTo("xx*** ***");
        // Touching occurrences are one run too.
        assertThat(mask(m, "<abcdefghefghijkl>")).isEqualTo("<***>");
    }

    @Test
    void aValueThatIsAPrefixOfAnother() {
        Masker m = masker("secret", "secret-longer");
        assertThat(mask(m, "a secret-longer b secret c secret-long")).isEqualTo("a *** b *** c ***-long");
    }

    @Test
    void aValueInsideAnotherLongerOne() {
        Masker m = masker("hunter2-hunter3", "nter2-hu");
        assertThat(mask(m, "1 hunter2-hunter3 2 xnter2-hux 3")).isEqualTo("1 *** 2 x***x 3");
    }

    @Test
    void valuesShorterThanFourBytesAreRefusedWithAWarningThatDoesNotShowThem() {
        Masker m = Masker.builder().addValue("abc".getBytes(UTF_8)).addValue(new byte[0])
                .addValue("q".getBytes(UTF_8)).addValue("abcd".getBytes(UTF_8)).build();
        assertThat(m.warnings()).containsExactly(
                "a value of 3 bytes was not masked: values shorter than 4 bytes would garble the log",
                "a value of 0 bytes was not masked: values shorter than 4 bytes would garble the log",
                "a value of 1 byte was not masked: values shorter than 4 bytes would garble the log");
        assertThat(String.join(" ", m.warnings())).doesNotContain("abc");
        assertThat(mask(m, "abc abcd q")).isEqualTo("abc *** q");
    }

    @Test
    void valuesLongerThanAMegabyteAreRefusedWithAWarning() {
        Masker m = Masker.builder().addValue(new byte[Masker.MAX_VALUE_LENGTH + 1]).build();
        assertThat(m.warnings()).containsExactly("a value of 1048577 bytes was not masked: values longer than 1048576 "
                + "bytes are not masked (their encodings would take too much memory); mask its lines or parts as "
                + "separate values");
        assertThat(m.patternCount()).isZero();
    }

    @Test
    void aShortValueIsMaskedInsideBase64OnlyWhenEncodedAlone() {
        Masker m = masker("pass");
        assertThat(mask(m, "cGFzcw== and " + Base64.getEncoder().encodeToString("xpassx".getBytes(UTF_8))))
                .isEqualTo("*** and eHBhc3N4");
    }

    @Test
    void withoutEncodingsOnlyTheValueIsMasked() {
        Masker m = Masker.builder().addValue(SECRET.getBytes(UTF_8)).encodings(false).build();
        String hex = HexFormat.of().formatHex(SECRET.getBytes(UTF_8));
        assertThat(mask(m, SECRET + " " + hex)).isEqualTo("*** " + hex);
        assertThat(m.patternCount()).isEqualTo(1);
    }

    @Test
    void theReplacementCanBeChosenAndEmpty() {
        assertThat(new String(Masker.builder().addValue(SECRET.getBytes(UTF_8)).replacement("[masked]".getBytes(UTF_8))
                .build().mask(("a " + SECRET + " b").getBytes(UTF_8)), UTF_8)).isEqualTo("a [masked] b");
        assertThat(new String(Masker.builder().addValue(SECRET.getBytes(UTF_8)).replacement(new byte[0])
                .build().mask(("a " + SECRET + " b").getBytes(UTF_8)), UTF_8)).isEqualTo("a  b");
    }

    @Test
    void noValuesMeansEverythingPassesThrough() throws IOException {
        Masker m = Masker.builder().build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MaskingOutputStream s = m.wrap(out);
        s.write("anything at all".getBytes(UTF_8));
        assertThat(s.held()).isZero();
        assertThat(out.toString(UTF_8)).isEqualTo("anything at all");
        assertThat(m.patternCount()).isZero();
    }

    @Test
    void addingAValueCopiesIt() {
        byte[] v = SECRET.getBytes(UTF_8);
        Masker.Builder b = Masker.builder().addValue(v);
        java.util.Arrays.fill(v, (byte) 0);
        assertThat(mask(b.build(), SECRET)).isEqualTo("***");
    }

    @Test
    void toStringShowsNoValue() {
        Masker m = masker(SECRET);
        assertThat(m.toString()).doesNotContain(SECRET).contains("patterns");
        assertThat(m.wrap(new ByteArrayOutputStream()).toString()).doesNotContain(SECRET);
        assertThat(Masker.builder().addValue(SECRET.getBytes(UTF_8)).toString()).doesNotContain(SECRET);
    }

    @Test
    void everyEncodingIsAPatternAndThereAreNoDuplicates() {
        Masker m = masker("zyxwvuts");
        // literal, 3 base64 cores, base64 alone (unpadded, padded) and of value+newline, hex twice;
        // the URL, JSON and shell forms of letters are the value itself.
        assertThat(m.patternCount()).isEqualTo(9);
        assertThat(m.longestPattern()).isEqualTo(16);
    }

    @Test
    void wrappingNullIsRefused() {
        assertThatThrownBy(() -> masker(SECRET).wrap(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Masker.builder().addValue(null)).isInstanceOf(NullPointerException.class);
    }
}
