package dev.coffer.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer hook install}, and the hook it writes stopping a real {@code git commit}. */
class HookCommandTest {
    @TempDir
    Path repo;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void redirect() throws Exception {
        assumeTrue(ScanCommandTest.git(repo, "--version") != null, "git is not installed");
        ScanCommandTest.git(repo, "init", "-q");
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, UTF_8));
        System.setErr(new PrintStream(err, true, UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    @Test
    void installsAnExecutableHookAndKeepsSomeoneElsesUnlessForced() throws IOException {
        Path hook = repo.resolve(".git/hooks/pre-commit");

        assertThat(Main.run("hook", "install", repo.toString())).isZero();
        assertThat(Files.readString(hook)).startsWith("#!/bin/sh\n").contains("exec coffer scan --staged\n");
        assertThat(Files.isExecutable(hook)).isTrue();
        assertThat(Main.run("hook", "install", repo.toString())).isZero();
        assertThat(out.toString(UTF_8)).contains("already installed");

        Files.writeString(hook, "#!/bin/sh\nmake lint\n");
        assertThat(Main.run("hook", "install", repo.toString())).isEqualTo(1);
        assertThat(err.toString(UTF_8)).contains("--force");
        assertThat(Files.readString(hook)).contains("make lint");
        assertThat(Main.run("hook", "install", "--force", repo.toString())).isZero();
        assertThat(Files.readString(hook)).contains("coffer scan --staged");
    }

    @Test
    void outsideARepositoryItIsAnError(@TempDir Path elsewhere) {
        assertThat(Main.run("hook", "install", elsewhere.toString())).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("not a git repository");
    }

    @Test
    void theHookStopsACommitThatAddsASecretAndLetsACleanOneThrough() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = java + " -XX:TieredStopAtLevel=1 -cp " + System.getProperty("java.class.path") + " " + Main.class.getName();
        assumeTrue(!command.contains("'") && !command.contains("\n"));
        assertThat(Main.run("hook", "install", "--command", command, repo.toString())).isZero();

        Files.writeString(repo.resolve("settings.env"), "AWS_ACCESS_KEY_ID=" + ScanCommandTest.AWS_KEY + "\n");
        ScanCommandTest.git(repo, "add", "settings.env");
        String refused = commit("add settings");
        assertThat(refused).startsWith("exit 1").contains("settings.env:1:").doesNotContain(ScanCommandTest.AWS_KEY);

        Files.writeString(repo.resolve("settings.env"), "AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}\n");
        ScanCommandTest.git(repo, "add", "settings.env");
        assertThat(commit("add settings")).startsWith("exit 0");
    }

    private String commit(String message) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=T", "-c", "user.email=t@example.com",
                "commit", "-q", "-m", message));
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), UTF_8);
        return "exit " + p.waitFor() + "\n" + output;
    }
}
