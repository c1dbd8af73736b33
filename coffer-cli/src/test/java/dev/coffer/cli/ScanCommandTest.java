package dev.coffer.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer scan} end to end with the real rules: exit codes, formats, baselines, git, stdin. */
class ScanCommandTest {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A made-up AWS access key id in the real format (not the documented example key). */
    static final String AWS_KEY = "AKIA" + "Q7TZ4WJ2XK5LM3RN";
    /** A made-up GitHub token with a valid CRC32 checksum. */
    static final String GITHUB_TOKEN = githubToken();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private InputStream oldIn;
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void redirect() {
        oldIn = System.in;
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
    }

    @AfterEach
    void restore() {
        System.setIn(oldIn);
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    static String githubToken() {
        SecureRandom random = new SecureRandom();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            body.append(BASE62.charAt(random.nextInt(62)));
        }
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(UTF_8));
        long value = crc.getValue();
        StringBuilder check = new StringBuilder();
        while (value > 0) {
            check.insert(0, BASE62.charAt((int) (value % 62)));
            value /= 62;
        }
        while (check.length() < 6) {
            check.insert(0, '0');
        }
        return "ghp_" + body + check;
    }

    private int scan(String... args) {
        out.reset();
        err.reset();
        List<String> all = new ArrayList<>(List.of("scan"));
        all.addAll(List.of(args));
        return Main.run(all.toArray(String[]::new));
    }

    private Path tree() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.writeString(tree.resolve("deploy.sh"), "#!/bin/sh\nexport AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        Files.writeString(tree.resolve(".env"), "GITHUB_TOKEN=" + GITHUB_TOKEN + "\n");
        Files.writeString(tree.resolve("README.md"), "Nothing to see: AKIAIOSFODNN7EXAMPLE is the documented example.\n");
        return tree;
    }

    @Test
    void exitCodeIsOneWhenSomethingIsFoundZeroWhenNotAndTwoOnErrors() throws IOException {
        Path tree = tree();
        assertThat(scan(tree.toString())).as(err.toString(UTF_8)).isEqualTo(1);
        String text = out.toString(UTF_8);
        assertThat(text).contains(tree + "/deploy.sh:2:").contains(tree + "/.env:1:").contains("2 secrets found");
        assertThat(text).doesNotContain(AWS_KEY).doesNotContain(GITHUB_TOKEN);

        Path clean = Files.createDirectories(dir.resolve("clean"));
        Files.writeString(clean.resolve("a.txt"), "hello\n");
        assertThat(scan(clean.toString())).isZero();
        assertThat(out.toString(UTF_8)).contains("No secrets found in 1 file");

        assertThat(scan(dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("missing");
        assertThat(scan("--format", "xml", clean.toString())).isEqualTo(2);
        assertThat(scan("--no-such-option")).isEqualTo(2);
        assertThat(scan("--git", "--staged", clean.toString())).isEqualTo(2);
        assertThat(scan("--git", clean.toString())).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("not a git repository");
        Path badConfig = Files.writeString(dir.resolve("rules.yaml"), "rules: [ {id: }\n");
        assertThat(scan("--config", badConfig.toString(), clean.toString())).isEqualTo(2);
        assertThat(scan("--max-file-size", "lots", clean.toString())).isEqualTo(2);
    }

    @Test
    void aProjectsOwnRulesFileInTheScannedFolderIsUsedWithoutConfig() throws IOException {
        Path tree = tree();
        Files.writeString(tree.resolve(".coffer-scan.yaml"), "allowlist:\n  paths: ['deploy.sh']\n");
        assertThat(scan(tree.toString())).isEqualTo(1);
        assertThat(out.toString(UTF_8)).contains("/.env:1:").doesNotContain("deploy.sh").contains("1 secret found");
        Files.writeString(tree.resolve(".coffer-scan.yaml"), "allowlist: [ broken\n");
        assertThat(scan(tree.toString())).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains(".coffer-scan.yaml");
    }

    @Test
    void stdinIsScannedAsDash() {
        System.setIn(new ByteArrayInputStream(("step 3: using key " + AWS_KEY + "\n").getBytes(UTF_8)));
        assertThat(scan("-")).isEqualTo(1);
        assertThat(out.toString(UTF_8)).startsWith("-:1:19:");
    }

    @Test
    void aCiLogIsScannedWithLog() throws IOException {
        Path log = Files.writeString(dir.resolve("build.log"), "npm notice\nexport GH=" + GITHUB_TOKEN + "\n");
        assertThat(scan("--log", log.toString(), "--format", "json")).isEqualTo(1);
        JsonNode json = JSON.readTree(out.toByteArray());
        assertThat(json.at("/findings/0/path").asText()).isEqualTo(log.toString());
        assertThat(json.at("/findings/0/line").asInt()).isEqualTo(2);
    }

    @Test
    void sarifJsonAndJunitParseBackAndNoFormatHoldsTheSecret() throws Exception {
        Path tree = tree();
        for (String format : List.of("text", "json", "sarif", "junit")) {
            Path report = dir.resolve("report." + format);
            assertThat(scan("--format", format, "--output", report.toString(), tree.toString())).isEqualTo(1);
            String written = Files.readString(report);
            assertThat(written).as(format).doesNotContain(AWS_KEY).doesNotContain(GITHUB_TOKEN)
                    .doesNotContain(GITHUB_TOKEN.substring(4, 30));
            assertThat(out.toString(UTF_8)).isEmpty();
            assertThat(err.toString(UTF_8)).contains("2 secrets found").contains(report.toString());
        }
        JsonNode sarif = JSON.readTree(dir.resolve("report.sarif").toFile());
        assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
        JsonNode result = sarif.at("/runs/0/results/0");
        JsonNode rules = sarif.at("/runs/0/tool/driver/rules");
        assertThat(rules.get(result.get("ruleIndex").asInt()).get("id").asText()).isEqualTo(result.get("ruleId").asText());
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isPositive();
        assertThat(result.at("/locations/0/physicalLocation/region/startColumn").asInt()).isPositive();
        assertThat(result.get("partialFingerprints").size()).isEqualTo(1);
        JsonNode json = JSON.readTree(dir.resolve("report.json").toFile());
        assertThat(json.get("findings")).hasSize(2);
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("report.junit").toFile())
                .getElementsByTagName("failure").getLength()).isEqualTo(2);
    }

    @Test
    void aBaselineRoundTripReportsNothingNewAndANewSecretAgain() throws IOException {
        Path tree = tree();
        Path baseline = dir.resolve(".coffer-baseline.json");
        assertThat(scan("--baseline-write", baseline.toString(), tree.toString())).isEqualTo(1);
        assertThat(Files.readString(baseline)).doesNotContain(AWS_KEY).doesNotContain(GITHUB_TOKEN);

        assertThat(scan("--baseline", baseline.toString(), tree.toString())).isZero();
        assertThat(out.toString(UTF_8)).contains("2 known from the baseline not shown");

        Files.writeString(tree.resolve("new.env"), "TOKEN=" + githubToken() + "\n");
        assertThat(scan("--baseline", baseline.toString(), tree.toString())).isEqualTo(1);
        assertThat(out.toString(UTF_8)).contains("new.env").doesNotContain("deploy.sh:");

        Files.writeString(dir.resolve("junk.json"), "{]");
        assertThat(scan("--baseline", dir.resolve("junk.json").toString(), tree.toString())).isEqualTo(2);
        assertThat(scan("--baseline", dir.resolve("none.json").toString(), tree.toString())).isEqualTo(2);
    }

    @Test
    void gitleaksAndDetectSecretsReportsWorkAsBaselines() throws IOException {
        Path tree = tree();
        Path gitleaks = Files.writeString(dir.resolve("gitleaks.json"), "[{\"RuleID\": \"aws-access-token\", \"File\": \""
                + tree + "/deploy.sh\", \"StartLine\": 2, \"Secret\": \"" + AWS_KEY + "\"}]");
        assertThat(scan("--baseline", gitleaks.toString(), "--format", "json", tree.toString())).isEqualTo(1);
        assertThat(JSON.readTree(out.toByteArray()).get("findings")).hasSize(1);

        Path detectSecrets = Files.writeString(dir.resolve(".secrets.baseline"), "{\"version\": \"1.5.0\", \"results\": {\""
                + tree + "/.env\": [{\"type\": \"GitHub Token\", \"hashed_secret\": \"0000\", \"line_number\": 1}]}}");
        assertThat(scan("--baseline", detectSecrets.toString(), "--format", "json", tree.toString())).isEqualTo(1);
        JsonNode left = JSON.readTree(out.toByteArray()).get("findings");
        assertThat(left).hasSize(1);
        assertThat(left.get(0).get("path").asText()).endsWith("deploy.sh");
    }

    @Test
    void gitHistoryFindsADeletedSecretWithItsCommit() throws Exception {
        assumeTrue(git(dir, "--version") != null, "git is not installed");
        Path repo = Files.createDirectories(dir.resolve("repo"));
        git(repo, "init", "-q");
        Files.writeString(repo.resolve("ci.env"), "AWS_ACCESS_KEY_ID=" + AWS_KEY + "\n");
        git(repo, "add", ".");
        git(repo, "-c", "user.name=Grace", "-c", "user.email=grace@example.com", "commit", "-q", "-m", "Add CI settings");
        String commit = git(repo, "rev-parse", "HEAD").strip();
        Files.delete(repo.resolve("ci.env"));
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=Grace", "-c", "user.email=grace@example.com", "commit", "-q", "-m", "Remove it");

        assertThat(scan("--git", repo.toString())).isEqualTo(1); // a RANGE that is a folder is the repository
        assertThat(scan("--format", "json", "--git", "--", repo.toString())).as(err.toString(UTF_8)).isEqualTo(1);
        JsonNode f = JSON.readTree(out.toByteArray()).at("/findings/0");
        assertThat(f.get("commit").asText()).isEqualTo(commit);
        assertThat(f.get("author").asText()).isEqualTo("Grace");
        assertThat(f.get("path").asText()).isEqualTo("ci.env");
        assertThat(scan("--staged", repo.toString())).isZero();
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + ": " + output);
        }
        return output;
    }
}
