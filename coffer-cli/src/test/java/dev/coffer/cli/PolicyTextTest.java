package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The canonical policy text {@code coffer policy fmt} writes, and the errors it gives. */
class PolicyTextTest {

    @Test
    void formattingIsStable() {
        String canonical = """
                path "secret/*" {
                  capabilities = ["create", "read"]
                  allowed_parameters = {
                    "ttl" = []
                    "*"   = ["x", "y"]
                  }
                  required_parameters = ["ttl"]
                }

                path "sys/mounts" {
                  capabilities = ["read"]
                }
                """;
        assertThat(PolicyText.format(canonical)).isEqualTo(canonical);
        assertThat(PolicyText.format(PolicyText.format(canonical))).isEqualTo(canonical);
    }

    @Test
    void oneLinersOpenUpAndBlankLinesSettle() {
        String messy = "\n\n\npath \"a\" { capabilities = [\"read\"]\n}\n\n\n\npath \"b\" {\n\n\n  policy = \"write\"\n\n\n}";
        assertThat(PolicyText.format(messy)).isEqualTo("path \"a\" {\n  capabilities = [\"read\"]\n}\n\npath \"b\" {\n  policy = \"write\"\n}\n");
    }

    @Test
    void commentsOfEveryKindStay() {
        String src = "// header\n/* block\n   comment */\npath \"a\" { # trailing brace\n  capabilities = [\n    \"read\", # why\n    \"list\",\n  ]\n} # after\n";
        String out = PolicyText.format(src);
        assertThat(out).isEqualTo("// header\n/* block\n   comment */\npath \"a\" {\n  # trailing brace\n  capabilities = [\n"
                + "    \"read\", # why\n    \"list\",\n  ]\n} # after\n");
        assertThat(PolicyText.format(out)).isEqualTo(out);
    }

    @Test
    void errorsNameLineAndColumn() {
        assertThatThrownBy(() -> PolicyText.format("path \"a\" {\n  capabilities = [\"read\"\n"))
                .hasMessageContaining("line 3").hasMessageContaining("missing ']'");
        assertThatThrownBy(() -> PolicyText.format("path \"a\" {\n  capabilities = [\"read\"]\n"))
                .hasMessageContaining("missing '}' to close the '{' of line 1");
        assertThatThrownBy(() -> PolicyText.format("paths \"a\" { }"))
                .hasMessageContaining("line 1, column 1").hasMessageContaining("invalid key \"paths\"");
        assertThatThrownBy(() -> PolicyText.format("path \"a\" {\n  capabilitys = [\"read\"]\n}"))
                .hasMessageContaining("line 2, column 3").hasMessageContaining("invalid key \"capabilitys\"");
        assertThatThrownBy(() -> PolicyText.format("path \"a\" { capabilities = [\"read\"] \"x\" }"))
                .hasMessageContaining("expected a new line after the item");
        assertThatThrownBy(() -> PolicyText.format("path \"a { }"))
                .hasMessageContaining("string not closed");
    }

    @Test
    void heredocsAreKeptAsWritten() {
        String src = "path \"a\" {\n  capabilities = [\"read\"]\n  comment = <<EOT\n  free text\nEOT\n}\n";
        assertThat(PolicyText.format(src)).isEqualTo(src);
    }
}
