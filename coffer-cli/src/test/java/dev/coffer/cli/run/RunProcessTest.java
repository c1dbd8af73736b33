package dev.coffer.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code coffer run} as its own JVM, as a pipeline runs it: signals sent to coffer, stdin, its
 * environment (tokens, references), {@code coffer.yaml} in the working directory, and what a
 * {@code kill -9} of coffer leaves behind.
 */
@Timeout(180)
class RunProcessTest extends RunHarness {
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void sigtermToCofferReachesTheCommandAndTheFilesAreRemoved() throws Exception {
        putV2("secret", "proc/term", Map.of("key", "key-for-the-term-test"));
        Path marker = dir.resolve("got-term");
        Process coffer = coffer(Map.of(), "-secret-file", "KEY=coffer://secret/proc/term#key", "--", "sh", "-c",
                "trap 'echo term > " + sq(marker.toString()) + "; kill $p; exit 7' TERM; sleep 600 & p=$!; "
                        + "echo \"$KEY\"; echo ready; wait $p");
        BufferedReader out = stdout(coffer);
        Path file = Path.of(out.readLine());
        assertThat(out.readLine()).isEqualTo("ready");
        assertThat(file).exists();

        coffer.destroy(); // SIGTERM
        assertThat(coffer.waitFor()).as(stderr()).isEqualTo(7);
        assertThat(marker).hasContent("term");
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void sigintToCofferReachesTheCommandWhenStdinIsNoTerminal() throws Exception {
        putV2("secret", "proc/int", Map.of("v", "value-for-the-int-test"));
        Path marker = dir.resolve("got-int");
        Process coffer = coffer(Map.of(), "-secret", "V=coffer://secret/proc/int#v", "--", "sh", "-c",
                "trap 'echo int > " + sq(marker.toString()) + "; kill $p; exit 9' INT; sleep 600 & p=$!; echo ready; wait $p");
        assertThat(stdout(coffer).readLine()).isEqualTo("ready");

        Process kill = new ProcessBuilder("kill", "-INT", String.valueOf(coffer.pid())).start();
        assertThat(kill.waitFor()).isZero();
        assertThat(coffer.waitFor()).as(stderr()).isEqualTo(9);
        assertThat(marker).hasContent("int");
    }

    @Test
    void stdinPassesThroughTokensStayBehindAndReferencesInTheEnvironmentAreReplaced() throws Exception {
        putV2("secret", "proc/env", Map.of("password", "password-from-the-environment"));
        Process coffer = coffer(Map.of("VAULT_TOKEN", ROOT, "DB_PASSWORD", "coffer://secret/proc/env#password", "PLAIN", "kept"), "--",
                "sh", "-c", "read line; printf 'got:%s\\n' \"$line\"; "
                        + "printf 'coffer:%s vault:%s plain:%s\\n' \"${COFFER_TOKEN-unset}\" \"${VAULT_TOKEN-unset}\" \"$PLAIN\"; "
                        + "test \"$DB_PASSWORD\" = 'password-from-the-environment' && echo replaced; echo \"$DB_PASSWORD\"");
        try (OutputStream in = coffer.getOutputStream()) {
            in.write("hello from stdin\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(coffer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(coffer.waitFor()).as(stderr()).isZero();
        assertThat(out).isEqualTo("got:hello from stdin\ncoffer:unset vault:unset plain:kept\nreplaced\n***\n");
    }

    @Test
    void passTokenGivesTheCommandTheTokenAndStillMasksIt() throws Exception {
        Process coffer = coffer(Map.of(), "-pass-token", "--", "sh", "-c",
                "test \"$COFFER_TOKEN\" = " + sq(ROOT) + " && echo same; echo \"token=$COFFER_TOKEN\"");
        coffer.getOutputStream().close();
        String out = new String(coffer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(coffer.waitFor()).as(stderr()).isZero();
        assertThat(out).isEqualTo("same\ntoken=***\n");
    }

    @Test
    void cofferYamlInTheWorkingDirectoryWithTheEnvironmentFromCofferEnv() throws Exception {
        putV2("secret", "proc/cfg", Map.of("key", "api-key-from-the-config"));
        Files.writeString(dir.resolve("coffer.yaml"), "environments:\n  ci:\n    API_KEY: coffer://secret/proc/cfg#key\n");
        Process coffer = coffer(Map.of("COFFER_ENV", "ci"), "--", "sh", "-c",
                "test \"$API_KEY\" = 'api-key-from-the-config' && echo from-config");
        coffer.getOutputStream().close();
        String out = new String(coffer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(coffer.waitFor()).as(stderr()).isZero();
        assertThat(out).isEqualTo("from-config\n");
    }

    @Test
    void filesLeftByAKilledCofferAreRemovedByTheNextRun() throws Exception {
        putV2("secret", "proc/stale", Map.of("key", "key-left-behind-by-kill-9"));
        Process coffer = coffer(Map.of(), "-secret-file", "KEY=coffer://secret/proc/stale#key", "--", "sh", "-c",
                "echo \"$KEY\"; echo $$; exec sleep 600");
        BufferedReader out = stdout(coffer);
        Path file = Path.of(out.readLine());
        long child = Long.parseLong(out.readLine());
        coffer.destroyForcibly(); // SIGKILL: no shutdown hook, no clean-up
        coffer.waitFor();
        ProcessHandle.of(child).ifPresent(h -> {
            h.destroyForcibly();
            h.onExit().join();
        });
        assertThat(file).exists();

        Result next = run("-secret-file", "KEY=coffer://secret/proc/stale#key", "--", "true");
        assertThat(next.code()).as(next.err()).isZero();
        assertThat(file.getParent()).doesNotExist();
    }

    /** Starts {@code java ... dev.coffer.cli.Main run -address=<server> <args>} in {@link #dir} with COFFER_TOKEN set. */
    private Process coffer(Map<String, String> env, String... args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dcoffer.token.file=" + dir.resolve("no-token-file"),
                "-cp", System.getProperty("java.class.path"), "dev.coffer.cli.Main", "run", "-address=" + address));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectError(dir.resolve("coffer.stderr").toFile());
        for (String v : List.of("COFFER_TOKEN", "VAULT_TOKEN", "COFFER_ADDR", "VAULT_ADDR", "COFFER_ENV")) {
            pb.environment().remove(v);
        }
        pb.environment().put("COFFER_TOKEN", ROOT);
        pb.environment().putAll(env);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private static BufferedReader stdout(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private String stderr() throws IOException {
        Path f = dir.resolve("coffer.stderr");
        return Files.exists(f) ? "coffer's stderr: " + Files.readString(f) : "";
    }
}
