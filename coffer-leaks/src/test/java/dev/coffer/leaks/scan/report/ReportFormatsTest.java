package dev.coffer.leaks.scan.report;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.Severity;
import dev.coffer.leaks.scan.Skipped;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ReportFormatsTest {
    static final String SECRET = "MARKER_theWholeSecret42";
    private static final ObjectMapper JSON = new ObjectMapper();

    static ScanReport report() {
        Finding inFile = new Finding("aws-access-key", "AWS access key", Severity.CRITICAL, Origin.file("src/my app/Config.java"),
                12, 5, 12, 28, "MARKER_t***", sha256(SECRET), null);
        Finding inCommit = new Finding("github-pat", "GitHub token <classic>", Severity.MEDIUM,
                Origin.commit("old/.env", "a".repeat(40), "Ada \"Countess\"", "ada@example.com", "2026-01-02T03:04:05Z",
                        "Add <env> & more"), 1, 1, 1, 24, "ghp_***", sha256("other"), "base64");
        Finding inLayer = new Finding("private-key", "Private key", Severity.LOW, Origin.layer("root/.ssh/id_rsa", "sha256:abc"),
                1, 1, 27, 30, "-----B***", sha256("k"), null);
        return new ScanReport("1.2.3", "https://example.org/coffer",
                List.of(new RuleInfo("aws-access-key", "AWS access key", Severity.CRITICAL),
                        new RuleInfo("unused", "A rule that found nothing", Severity.HIGH)),
                List.of(inFile, inCommit, inLayer),
                List.of(new Skipped(Origin.file("img.png"), "binary", 1234)), 42, 4096, 1);
    }

    static String render(ReportFormat format, ScanReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.write(report, out);
        return out.toString(UTF_8);
    }

    @Test
    void sarifHasWhatGithubCodeScanningRequires() throws IOException {
        JsonNode sarif = JSON.readTree(render(ReportFormat.SARIF, report()));

        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        JsonNode run = sarif.get("runs").get(0);
        JsonNode driver = run.at("/tool/driver");
        assertThat(driver.get("name").asText()).isEqualTo("coffer");
        assertThat(driver.get("version").asText()).isEqualTo("1.2.3");
        assertThat(driver.get("informationUri").asText()).isEqualTo("https://example.org/coffer");
        assertThat(driver.get("rules")).hasSize(4);
        JsonNode rule = driver.get("rules").get(0);
        assertThat(rule.get("id").asText()).isEqualTo("aws-access-key");
        assertThat(rule.at("/shortDescription/text").asText()).isEqualTo("AWS access key");
        assertThat(rule.at("/defaultConfiguration/level").asText()).isEqualTo("error");

        JsonNode results = run.get("results");
        assertThat(results).hasSize(3);
        JsonNode first = results.get(0);
        assertThat(first.get("ruleId").asText()).isEqualTo("aws-access-key");
        assertThat(first.get("level").asText()).isEqualTo("error");
        assertThat(first.at("/message/text").asText()).contains("MARKER_t***");
        JsonNode location = first.at("/locations/0/physicalLocation");
        assertThat(location.at("/artifactLocation/uri").asText()).isEqualTo("src/my%20app/Config.java");
        assertThat(location.at("/region/startLine").asInt()).isEqualTo(12);
        assertThat(location.at("/region/startColumn").asInt()).isEqualTo(5);
        assertThat(location.at("/region/endLine").asInt()).isEqualTo(12);
        assertThat(location.at("/region/endColumn").asInt()).isEqualTo(28);
        assertThat(first.at("/partialFingerprints/coffer~1v1").asText()).hasSize(64);
        assertThat(results.get(1).get("level").asText()).isEqualTo("warning");
        assertThat(results.get(1).at("/properties/commit").asText()).isEqualTo("a".repeat(40));
        assertThat(results.get(2).get("level").asText()).isEqualTo("note");
        assertThat(results.get(2).get("ruleIndex").asInt()).isEqualTo(3);
        for (JsonNode r : results) {
            assertThat(driver.get("rules").get(r.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(r.get("ruleId").asText());
            assertThat(r.at("/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
            assertThat(r.at("/locations/0/physicalLocation/region/startColumn").asInt()).isPositive();
        }
        assertThat(run.at("/invocations/0/toolExecutionNotifications")).hasSize(1);
    }

    @Test
    void jsonHasStableFieldsForEveryFinding() throws IOException {
        JsonNode json = JSON.readTree(render(ReportFormat.JSON, report()));

        assertThat(json.at("/summary/findings").asInt()).isEqualTo(3);
        assertThat(json.at("/summary/suppressed_by_baseline").asInt()).isEqualTo(1);
        JsonNode f = json.get("findings").get(1);
        assertThat(f.get("rule_id").asText()).isEqualTo("github-pat");
        assertThat(f.get("path").asText()).isEqualTo("old/.env");
        assertThat(f.get("author").asText()).isEqualTo("Ada \"Countess\"");
        assertThat(f.get("decoded_from").asText()).isEqualTo("base64");
        assertThat(f.get("fingerprint").asText()).isEqualTo("github-pat:old/.env:" + sha256("other"));
        assertThat(json.get("findings").get(0).has("commit")).isTrue();
        assertThat(json.get("findings").get(0).get("commit").isNull()).isTrue();
        assertThat(json.get("skipped").get(0).get("reason").asText()).isEqualTo("binary");
    }

    @Test
    void junitIsWellFormedXmlWithOneFailedCasePerFinding() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(render(ReportFormat.JUNIT, report()).getBytes(UTF_8)));

        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("failures")).isEqualTo("3");
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("skipped").getLength()).isEqualTo(1);
        Element second = (Element) doc.getElementsByTagName("testcase").item(1);
        assertThat(second.getAttribute("classname")).isEqualTo("old/.env");
        assertThat(second.getTextContent()).contains("Add <env> & more");
    }

    @Test
    void anEmptyJunitReportStillHasOnePassedCase() throws Exception {
        ScanReport empty = new ScanReport("1", "u", List.of(), List.of(), List.of(), 3, 10, 0);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(render(ReportFormat.JUNIT, empty).getBytes(UTF_8)));
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(1);
        assertThat(doc.getElementsByTagName("failure").getLength()).isZero();
    }

    @Test
    void textNamesFileLineColumnRulePreviewAndCommitOrLayer() throws IOException {
        String text = render(ReportFormat.TEXT, report());

        assertThat(text).contains("src/my app/Config.java:12:5: aws-access-key [critical] AWS access key: MARKER_t***\n");
        assertThat(text).contains("commit aaaaaaaaaaaa 2026-01-02T03:04:05Z Ada \"Countess\" <ada@example.com> \"Add <env> & more\"");
        assertThat(text).contains("layer sha256:abc");
        assertThat(text).contains("img.png: binary [1234 bytes]");
        assertThat(text).endsWith("3 secrets found (1 critical, 1 medium, 1 low) in 42 files (4.0 KiB); "
                + "1 known from the baseline not shown; 1 not scanned completely (listed above).\n");
    }

    @Test
    void noFormatContainsTheSecret() throws IOException {
        for (ReportFormat format : ReportFormat.values()) {
            assertThat(render(format, report())).as(format.name()).doesNotContain(SECRET).doesNotContain("theWholeSecret");
        }
    }

    @Test
    void controlCharactersInNamesDoNotReachTheTerminal() throws IOException {
        Finding f = new Finding("r", "d", Severity.HIGH, Origin.file("evil\u001b[2J\u202e.txt"), 1, 1, 1, 2, "x***", "00", null);
        String text = render(ReportFormat.TEXT, new ScanReport("1", "u", List.of(), List.of(f), List.of(), 1, 1, 0));
        assertThat(text).startsWith("evil?[2J?.txt:1:1");
    }

    @Test
    void anUnknownFormatNamesTheKnownOnes() {
        assertThat(ReportFormat.parse("SARIF")).isEqualTo(ReportFormat.SARIF);
        assertThatThrownBy(() -> ReportFormat.parse("xml")).hasMessageContaining("text, json, sarif, junit");
    }

    static String sha256(String s) {
        return SarifReport.sha256(s);
    }
}
