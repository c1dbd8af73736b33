package dev.coffer.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code coffer mask} as a pipeline uses it: stdin in, stdout out, warnings on stderr. */
class MaskCommandTest {
    private static final String SECRET = "s3cret-Pa55word!";

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

    private static void stdin(String s) {
        System.setIn(new ByteArrayInputStream(s.getBytes(UTF_8)));
    }

    private int mask(Map<String, String> env, String... args) {
        MaskCommand command = new MaskCommand();
        command.environment = env;
        return new CommandLine(command).execute(args);
    }

    @Test
    void masksTheValuesOfAFileInStdinAndWritesTheRestUnchanged() throws Exception {
        Path values = dir.resolve("values");
        Files.writeString(values, SECRET + "\r\n\r\nanother-value\n");
        String b64 = Base64.getEncoder().encodeToString(SECRET.getBytes(UTF_8));
        stdin("step 1: login " + SECRET + "\nstep 2: " + b64 + "\r\nstep 3: another-value done\n");

        int code = Main.run("mask", "--values-file", values.toString());

        assertThat(code).isZero();
        assertThat(out.toString(UTF_8)).isEqualTo("step 1: login ***\nstep 2: ***\r\nstep 3: *** done\n");
        assertThat(err.toString(UTF_8)).isEmpty();
    }

    @Test
    void masksTheValuesOfEnvironmentVariablesAndWarnsAboutMissingOnes() {
        Map<String, String> env = new HashMap<>();
        env.put("DB_PASSWORD", SECRET);
        env.put("EMPTY", "");
        env.put("PIN", "123");
        stdin("password=" + SECRET + " pin=123\n");

        int code = mask(env, "--values-from-env", "DB_PASSWORD,EMPTY", "-values-from-env=MISSING,PIN");

        assertThat(code).isZero();
        assertThat(out.toString(UTF_8)).isEqualTo("password=*** pin=123\n");
        assertThat(err.toString(UTF_8)).isEqualTo(String.join(System.lineSeparator(),
                "coffer mask: warning: --values-from-env: EMPTY is empty",
                "coffer mask: warning: --values-from-env: MISSING is not set",
                "coffer mask: warning: a value of 3 bytes was not masked: values shorter than 4 bytes would garble the log",
                ""));
        assertThat(err.toString(UTF_8)).doesNotContain(SECRET).doesNotContain("123");
    }

    @Test
    void theReplacementAndLiteralOnlyOptions() {
        String hex = java.util.HexFormat.of().formatHex(SECRET.getBytes(UTF_8));
        stdin(SECRET + " " + hex + "\n");
        int code = mask(Map.of("V", SECRET), "--values-from-env", "V", "--literal-only", "--replacement", "[redacted]");
        assertThat(code).isZero();
        assertThat(out.toString(UTF_8)).isEqualTo("[redacted] " + hex + "\n");
    }

    @Test
    void stdinCannotBeTheValuesFile() {
        stdin("data " + SECRET);
        assertThat(Main.run("mask", "--values-file", "-")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--values-file").contains("'-' is not allowed");
        assertThat(out.toString(UTF_8)).isEmpty();
    }

    @Test
    void withoutValuesItIsAUsageError() {
        stdin("data");
        assertThat(Main.run("mask")).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--values-from-env").contains("--values-file");
    }

    @Test
    void valuesAreNotTakenFromArguments() {
        stdin("data " + SECRET);
        assertThat(Main.run("mask", SECRET)).isEqualTo(2);
        assertThat(out.toString(UTF_8)).isEmpty();
    }

    @Test
    void aMissingValuesFileIsNamed() {
        stdin("data");
        Path missing = dir.resolve("nope.txt");
        assertThat(Main.run("mask", "--values-file", missing.toString())).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("--values-file").contains(missing.toString()).contains("does not exist");
    }

    @Test
    void helpNamesTheOptions() {
        assertThat(Main.run("mask", "--help")).isZero();
        assertThat(out.toString(UTF_8)).contains("--values-from-env").contains("--values-file").contains("Examples:");
    }
}
