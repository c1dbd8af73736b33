package dev.coffer.leaks.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A user rules file extends, overrides and disables the built-in rules and adds allowlists. */
class RuleSetConfigTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path p = dir.resolve("coffer-rules.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private static Recorder scan(RuleSet rules, String path, String text) {
        Recorder rec = new Recorder();
        new RuleDetector(rules).scan(Origin.file(path), text.getBytes(StandardCharsets.UTF_8), rec);
        return rec;
    }

    @Test
    void addsARuleOverridesOneDisablesOneAndAllowlists() throws Exception {
        RuleSet rules = RuleSet.withConfig(write("""
                rules:
                  - id: acme-internal-token
                    description: ACME internal token
                    severity: critical
                    keywords: [acme_]
                    regex: '\\b(acme_[a-z0-9]{24})\\b'
                  - id: jwt
                    severity: low
                disabled: [generic-password]
                allowlist:
                  paths: ['fixtures/**']
                  regexes: ['^AKIA.*Q$']
                  values: ['AKIAQWERTYUIOPASDF23']
                """));
        assertThat(rules.rule("acme-internal-token")).isPresent();
        assertThat(rules.rule("jwt").orElseThrow().severity()).isEqualTo(Severity.LOW);
        assertThat(rules.rule("jwt").orElseThrow().validator()).isEqualTo("jwt");
        assertThat(rules.rule("generic-password")).isEmpty();
        assertThat(rules.rules()).hasSize(RuleSet.defaults().rules().size());

        Recorder rec = scan(rules, "src/app.py", "t = 'acme_k3j5h6g7f8d9s0a1z2x3c4v5'\npassword = 'Wq7kPzv2mZ9x!'\n"
                + "a = 'AKIAQWERTYUIOPASDF23'\nb = 'AKIAMNBVCXZLKJHGFDSQ'\nc = 'AKIAMNBVCXZLKJHGFDS2'\n");
        assertThat(rec.findings).extracting(Finding::ruleId).containsExactly("acme-internal-token", "aws-access-key-id");
        assertThat(rec.findings.get(1).line()).isEqualTo(5);
        assertThat(scan(rules, "fixtures/keys/a.txt", "t = 'acme_k3j5h6g7f8d9s0a1z2x3c4v5'\n").findings).isEmpty();
    }

    @Test
    void aBadFileNamesTheFileTheRuleTheFieldAndTheProblem() throws Exception {
        Path bad = write("rules:\n  - id: broken\n    description: x\n    keywords: [brk]\n    regex: '(unclosed'\n");
        assertThatThrownBy(() -> RuleSet.withConfig(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining("rule 'broken'")
                .hasMessageContaining("'regex'");
        Path typo = write("rules:\n  - id: x1\n    description: x\n    keywords: [ab]\n    regex: 'ab'\n    severty: high\n");
        assertThatThrownBy(() -> RuleSet.withConfig(typo)).hasMessageContaining("unknown field 'severty'");
        Path unknown = write("disabled: [no-such-rule]\n");
        assertThatThrownBy(() -> RuleSet.withConfig(unknown)).hasMessageContaining("no-such-rule");
        Path notYaml = write("rules: [\n");
        assertThatThrownBy(() -> RuleSet.withConfig(notYaml)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> RuleSet.withConfig(dir.resolve("missing.yaml")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void errorsAndToStringNeverShowAllowlistedValues() throws Exception {
        Path p = write("allowlist:\n  values: ['Sup3rS3cretValue!']\n  regexes: ['(']\n");
        assertThatThrownBy(() -> RuleSet.withConfig(p)).message().doesNotContain("Sup3rS3cretValue!");
        RuleSet ok = RuleSet.withConfig(write("allowlist:\n  values: ['Sup3rS3cretValue!']\n"));
        assertThat(ok.allowlist().toString()).doesNotContain("Sup3rS3cretValue!");
    }
}
