package dev.coffer.leaks.scan.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
    @TempDir
    Path dir;

    private static Finding finding(String path, int line, String secret) {
        return new Finding("aws-access-key", "AWS", Severity.HIGH, Origin.file(path), line, 3, line, 20, "AKIA***",
                SarifReport.sha256(secret), null);
    }

    @Test
    void aWrittenBaselineSuppressesTheSameFindingsEvenWhenTheyMoveAndNotNewOnes() throws IOException {
        Path file = dir.resolve(".coffer-baseline.json");
        Baseline.write(file, List.of(finding("a.env", 3, "one"), finding("b.env", 1, "two")), "1.0");

        String text = Files.readString(file);
        assertThat(text).doesNotContain("\"one\"").contains("\"coffer_baseline\" : 1");
        Baseline baseline = Baseline.read(file);
        assertThat(baseline.kind()).isEqualTo(Baseline.Kind.COFFER);
        assertThat(baseline.size()).isEqualTo(2);
        assertThat(baseline.suppresses(finding("a.env", 40, "one"))).isTrue();
        assertThat(baseline.suppresses(finding("a.env", 3, "three"))).isFalse();
        assertThat(baseline.suppresses(finding("c.env", 3, "one"))).isFalse();
    }

    @Test
    void aGitleaksReportMatchesBySecretHashOrByFileAndLine() throws IOException {
        Path report = dir.resolve("gitleaks.json");
        Files.writeString(report, """
                [{"Description": "AWS", "StartLine": 7, "EndLine": 7, "StartColumn": 1, "EndColumn": 20,
                  "Match": "key=one", "Secret": "one", "File": "./config/a.env", "Commit": "", "RuleID": "aws-access-token",
                  "Fingerprint": "config/a.env:aws-access-token:7"},
                 {"RuleID": "generic-api-key", "File": "b.txt", "StartLine": 2, "Secret": "REDACTED"}]
                """);

        Baseline baseline = Baseline.read(report);

        assertThat(baseline.kind()).isEqualTo(Baseline.Kind.GITLEAKS);
        assertThat(baseline.suppresses(finding("config/a.env", 99, "one"))).isTrue();
        assertThat(baseline.suppresses(finding("config/a.env", 7, "moved-here"))).isTrue();
        assertThat(baseline.suppresses(finding("b.txt", 2, "x"))).isTrue();
        assertThat(baseline.suppresses(finding("b.txt", 3, "x"))).isFalse();
    }

    @Test
    void aDetectSecretsBaselineMatchesByFileAndLine() throws IOException {
        Path file = dir.resolve(".secrets.baseline");
        Files.writeString(file, """
                {"version": "1.5.0", "plugins_used": [{"name": "AWSKeyDetector"}], "filters_used": [],
                 "results": {"config/a.env": [{"type": "AWS Access Key", "filename": "config/a.env",
                   "hashed_secret": "25f9e794323b453885f5181f1b624d0b", "is_verified": false, "line_number": 4}]},
                 "generated_at": "2026-01-01T00:00:00Z"}
                """);

        Baseline baseline = Baseline.read(file);

        assertThat(baseline.kind()).isEqualTo(Baseline.Kind.DETECT_SECRETS);
        assertThat(baseline.suppresses(finding("config/a.env", 4, "x"))).isTrue();
        assertThat(baseline.suppresses(finding("config/a.env", 5, "x"))).isFalse();
    }

    @Test
    void somethingElseIsAClearError() throws IOException {
        Path file = dir.resolve("x.json");
        Files.writeString(file, "{\"hello\": 1}");
        assertThatThrownBy(() -> Baseline.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a baseline");
    }

    @Property(tries = 400)
    void randomOrMutatedBaselinesParseOrFailClearly(@ForAll("baselines") String json) {
        try {
            Baseline.parse(json.getBytes(UTF_8), "b.json");
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("b.json");
        }
    }

    @Provide
    Arbitrary<String> baselines() {
        List<String> samples = List.of(
                "{\"coffer_baseline\": 1, \"findings\": [{\"fingerprint\": \"r:p:h\", \"line\": 2}]}",
                "[{\"File\": \"a\", \"StartLine\": 3, \"Secret\": \"s\", \"RuleID\": \"r\"}]",
                "{\"results\": {\"a.txt\": [{\"type\": \"t\", \"hashed_secret\": \"ab\", \"line_number\": 1}]}}");
        Arbitrary<String> mutated = Arbitraries.of(samples).flatMap(s -> Arbitraries.integers().between(0, s.length() - 1)
                .flatMap(at -> Arbitraries.chars().with("{}[]\":,1x ").map(c -> s.substring(0, at) + c + s.substring(at + 1))));
        Arbitrary<String> cut = Arbitraries.of(samples).flatMap(s -> Arbitraries.integers().between(0, s.length())
                .map(n -> s.substring(0, n)));
        Arbitrary<String> random = Arbitraries.strings().withChars("{}[]\":,0123456789 resultsFilecoffer_baseline")
                .ofMaxLength(60);
        return Arbitraries.oneOf(mutated, cut, random);
    }
}
