package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer policy test}: policy as code, evaluated offline with the server's ACL. */
class PolicyTestCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private Path policy(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void saysWhichRuleDecidedAndExitsByOutcome() throws Exception {
        Path app = policy("app.hcl", """
                path "secret/data/app/*" {
                  capabilities = ["read", "list"]
                }
                path "secret/data/app/admin" {
                  capabilities = ["deny"]
                }
                """);
        assertThat(Main.run("policy", "test", app.toString(), "-path", "secret/data/app/db", "-op", "read")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("allowed: read secret/data/app/db")
                .contains("rule: path \"secret/data/app/*\" in app");
        out.reset();
        assertThat(Main.run("policy", "test", app.toString(), "-path", "secret/data/app/admin")).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("denied").contains("secret/data/app/admin");
        assertThat(Main.run("policy", "test", app.toString(), "-path", "secret/data/app/db", "-op", "update",
                "-expect", "denied")).isZero();
        assertThat(Main.run("policy", "test", app.toString(), "-path", "sys/seal", "-op", "update", "-sudo",
                "-expect", "allowed")).isEqualTo(1);
        assertThat(Main.run("policy", "test", app.toString(), "-path", "secret/data/app/../x")).isEqualTo(2);
    }

    @Test
    void anInvalidPolicyIsExit2WithTheProblem() throws Exception {
        Path bad = policy("bad.hcl", "path \"x\" {\n  capabilities = [\"fly\"]\n}\n");
        assertThat(Main.run("policy", "test", bad.toString(), "-path", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fly");
    }
}
