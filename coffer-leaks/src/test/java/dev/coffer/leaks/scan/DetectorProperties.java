package dev.coffer.leaks.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** Properties of the validators, the decoders and the detector. */
class DetectorProperties {
    private static final RuleDetector DETECTOR = new RuleDetector(RuleSet.defaults());

    @Provide
    Arbitrary<String> base62() {
        return Arbitraries.strings().withChars(Samples.ALNUM.toCharArray()).ofLength(30)
                .filter(s -> !Decoys.isPlaceholder(s));
    }

    @Provide
    Arbitrary<String> prose() {
        return Arbitraries.strings().withChars("abcdefghij klmnop,.;()=#-\"'é中".toCharArray()).ofMaxLength(60);
    }

    @Property
    void aCrc32Base62TokenRoundTripsAndAnyChangeToItsChecksumIsRejected(@ForAll("base62") String random,
                                                                       @ForAll @IntRange(min = 0, max = 5) int at) {
        String token = "ghp_" + random + Checksums.crc32Base62(random, 6);
        assertThat(Validators.crc32Base62(token)).isTrue();
        char c = token.charAt(34 + at);
        String broken = token.substring(0, 34 + at) + (c == 'A' ? 'B' : 'A') + token.substring(35 + at);
        assertThat(Validators.crc32Base62(broken)).isFalse();
    }

    @Property
    void base62ChecksumsAreSixZeroPaddedDigitsOfTheCrc(@ForAll("base62") String random) {
        String crc = Checksums.crc32Base62(random, 6);
        long value = 0;
        for (char ch : crc.toCharArray()) {
            value = value * 62 + Checksums.BASE62.indexOf(ch);
        }
        assertThat(crc).hasSize(6);
        assertThat(value).isEqualTo(Checksums.crc32(random));
    }

    @Property
    void percentDecodingInvertsPercentEncoding(@ForAll @StringLength(max = 80) String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder enc = new StringBuilder();
        for (byte b : raw) {
            enc.append(String.format("%%%02X", b & 0xff));
        }
        byte[] encoded = enc.toString().getBytes(StandardCharsets.US_ASCII);
        assertThat(Decoding.percentDecode(encoded, 0, encoded.length)).isEqualTo(raw);
    }

    @Property(tries = 200)
    void aTokenPlantedInRandomTextIsFoundAtItsLineAndColumn(@ForAll @Size(max = 8) List<@net.jqwik.api.From("prose") String> before,
                                                             @ForAll("prose") String left, @ForAll("prose") String right,
                                                             @ForAll("base62") String random) {
        String token = "ghp_" + random + Checksums.crc32Base62(random, 6);
        StringBuilder text = new StringBuilder();
        before.forEach(l -> text.append(l).append('\n'));
        text.append(left).append(' ').append(token).append(' ').append(right).append('\n');
        Recorder rec = new Recorder();
        DETECTOR.scan(Origin.file("p.txt"), text.toString().getBytes(StandardCharsets.UTF_8), rec);
        assertThat(rec.findings).filteredOn(f -> f.ruleId().equals("github-pat")).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(before.size() + 1);
            assertThat(f.column()).isEqualTo(left.length() + 2);
            assertThat(f.endColumn()).isEqualTo(left.length() + 2 + token.length());
            assertThat(f.preview()).isEqualTo("ghp_***");
            assertThat(f.secretSha256()).isEqualTo(Secrets.sha256(token));
            assertThat(f.toString()).doesNotContain(token);
        });
    }

    @Property(tries = 100)
    void aTokenHiddenInBase64OrHexIsFoundAndMarkedDecoded(@ForAll("base62") String random,
                                                          @ForAll @IntRange(min = 0, max = 2) int encoding) {
        String token = "ghp_" + random + Checksums.crc32Base62(random, 6);
        byte[] inner = ("GITHUB_TOKEN=" + token).getBytes(StandardCharsets.US_ASCII);
        String encoded = switch (encoding) {
            case 0 -> Base64.getEncoder().encodeToString(inner);
            case 1 -> Base64.getUrlEncoder().withoutPadding().encodeToString(inner);
            default -> java.util.HexFormat.of().formatHex(inner);
        };
        String text = "apiVersion: v1\nkind: Secret\ndata:\n  config: " + encoded + "\n";
        Recorder rec = new Recorder();
        DETECTOR.scan(Origin.file("secret.yaml"), text.getBytes(StandardCharsets.US_ASCII), rec);
        assertThat(rec.findings).filteredOn(f -> f.ruleId().equals("github-pat")).singleElement().satisfies(f -> {
            assertThat(f.decodedFrom()).isEqualTo(encoding == 2 ? "hex" : "base64");
            assertThat(f.line()).isEqualTo(4);
            assertThat(f.column()).isEqualTo(11);
            assertThat(f.secretSha256()).isEqualTo(Secrets.sha256(token));
        });
    }

    @Property(tries = 300)
    void randomBytesNeverMakeTheDetectorThrow(@ForAll @Size(max = 4096) byte[] data,
                                              @ForAll @IntRange(min = 0, max = 64) int offset) {
        Recorder rec = new Recorder();
        DETECTOR.scan(Origin.file("random.bin"), data, Math.min(offset, data.length), data.length - Math.min(offset, data.length), rec);
        DETECTOR.scan(Origin.file("random.bin"), data, rec);
    }

    @Property(tries = 300)
    void randomTextNeverMakesTheDetectorThrow(@ForAll @StringLength(max = 2000) String text) {
        Recorder rec = new Recorder();
        DETECTOR.scan(Origin.file("random.txt"), text.getBytes(StandardCharsets.UTF_8), rec);
        rec.findings.forEach(f -> assertThat(f.line()).isPositive());
    }
}
