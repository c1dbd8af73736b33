package dev.coffer.leaks.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Inputs built to hurt: the scan finishes (linear by design), reports what it skipped, never throws. */
class HostileInputTest {
    private static final RuleDetector DETECTOR = new RuleDetector(RuleSet.defaults());

    private static Recorder scan(byte[] data) {
        Recorder rec = new Recorder();
        DETECTOR.scan(Origin.file("hostile.txt"), data, rec);
        return rec;
    }

    private static byte[] repeat(String unit, int bytes) {
        byte[] u = unit.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            out[i] = u[i % u.length];
        }
        return out;
    }

    @Test
    void aFiftyMegabyteSingleLineIsScannedUpTo1MiBAndTheRestReported() {
        byte[] line = repeat("var a=\"x\";password=", 50 * 1024 * 1024);
        Recorder rec = scan(line);
        assertThat(rec.skipped).anySatisfy(s -> {
            assertThat(s.reason()).contains("longer than 1 MiB");
            assertThat(s.bytes()).isGreaterThan(48L * 1024 * 1024);
        });
    }

    @Test
    void millionsOfNearMatchesProduceNoFindings() {
        assertThat(scan(repeat("AKIA", 16 * 1024 * 1024)).findings).isEmpty();
        assertThat(scan(repeat("AKIA\n", 8 * 1024 * 1024)).findings).isEmpty();
        assertThat(scan(repeat("-----BEGIN RSA PRIVATE KEY-----\n", 8 * 1024 * 1024)).findings).isEmpty();
        assertThat(scan(repeat("-----BEGIN", 8 * 1024 * 1024)).findings).isEmpty();
        assertThat(scan(repeat("password=", 4 * 1024 * 1024)).findings).isEmpty();
        assertThat(scan(repeat("eyJhbGciOiJIUzI1NiJ9.", 4 * 1024 * 1024)).findings).isEmpty();
        assertThat(scan(repeat("c2VjcmV0IHRva2VuIGlz ", 4 * 1024 * 1024)).findings).isEmpty();
    }

    @Test
    void nulBytesAndBinaryMagicAreSkippedWithAReason() {
        byte[] data = ("token = \"" + "ghp_" + "\"\0\0\0").getBytes(StandardCharsets.ISO_8859_1);
        Recorder rec = scan(data);
        assertThat(rec.findings).isEmpty();
        assertThat(rec.skipped).singleElement().satisfies(s -> assertThat(s.reason()).contains("binary"));
        byte[] png = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}, 4096);
        assertThat(scan(png).skipped).singleElement().satisfies(s -> assertThat(s.reason()).contains("binary"));
    }

    @Test
    void invalidUtf8AroundASecretStillFindsIt() {
        Samples samples = new Samples(7);
        String token = samples.crcToken("ghp_", 30, false);
        byte[] prefix = {(byte) 0xC3, (byte) 0x28, (byte) 0xF0, (byte) 0x28, (byte) 0x8C, ' '};
        byte[] body = ("GITHUB_TOKEN=" + token + " \n").getBytes(StandardCharsets.US_ASCII);
        byte[] data = new byte[prefix.length + body.length + 3];
        System.arraycopy(prefix, 0, data, 0, prefix.length);
        System.arraycopy(body, 0, data, prefix.length, body.length);
        data[data.length - 3] = (byte) 0xE2;
        data[data.length - 2] = (byte) 0x82;
        data[data.length - 1] = (byte) 0xFF;
        Recorder rec = scan(data);
        assertThat(rec.findings).extracting(Finding::ruleId).containsExactly("github-pat");
        assertThat(rec.findings.get(0).secretSha256()).isEqualTo(Secrets.sha256(token));
    }

    @Test
    void aLongLineWithASecretFarIntoItIsFoundAtTheRightColumn() {
        Samples samples = new Samples(11);
        String token = samples.crcToken("ghp_", 30, false);
        String filler = "é;".repeat(300_000);
        String text = filler + "t=\"" + token + "\";" + filler;
        Recorder rec = scan(text.getBytes(StandardCharsets.UTF_8));
        assertThat(rec.findings).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(1);
            assertThat(f.column()).isEqualTo(filler.length() + 4);
        });
    }

    @Test
    void invalidRangesAndNullsDoNotThrow() {
        Recorder rec = new Recorder();
        DETECTOR.scan(Origin.file("x"), new byte[10], 8, 5, rec);
        assertThat(rec.skipped).singleElement().satisfies(s -> assertThat(s.reason()).contains("invalid range"));
        DETECTOR.scan(Origin.file("x"), new byte[0], rec);
    }
}
