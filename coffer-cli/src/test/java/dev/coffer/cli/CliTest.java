package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.Core;
import dev.coffer.core.storage.SqliteStorage;
import dev.coffer.http.CofferServer;
import dev.coffer.http.config.ListenerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator commands against a real server on a free port, as an operator would run them. */
class CliTest {
    @TempDir
    Path dir;

    private Core core;
    private CofferServer server;
    private String address;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void start() throws Exception {
        core = new Core(new SqliteStorage(dir.resolve("coffer.db")), Clock.systemUTC());
        server = new CofferServer(core, List.of(new ListenerConfig("127.0.0.1:0", null, null, false, 1 << 20)));
        server.start();
        address = "http://127.0.0.1:" + server.port(0);
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() throws Exception {
        System.setOut(oldOut);
        System.setErr(oldErr);
        server.close();
        core.close();
    }

    private String output() {
        String s = out.toString(StandardCharsets.UTF_8);
        out.reset();
        return s;
    }

    @Test
    void initUnsealAndStatusWithExitCodesAsVaultsCli() {
        assertThat(Main.run("operator", "init", "-address", address, "-status")).isEqualTo(2);
        assertThat(output()).contains("not initialized");

        assertThat(Main.run("operator", "init", "-address", address, "-key-shares", "3", "-key-threshold", "2")).isZero();
        String init = output();
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("Unseal Key \\d: ([0-9a-f]+)").matcher(init);
        while (m.find()) {
            keys.add(m.group(1));
        }
        assertThat(keys).hasSize(3);
        assertThat(init).containsPattern("Initial Root Token: cfs_[0-9A-Za-z]{42}");

        assertThat(Main.run("status", "-address", address)).isEqualTo(2);
        assertThat(output()).contains("Sealed             true").contains("Unseal Progress    0/2");

        assertThat(Main.run("operator", "unseal", "-address", address, keys.get(2))).isZero();
        assertThat(output()).contains("Unseal Progress    1/2");
        assertThat(Main.run("operator", "unseal", "-address", address, "-reset")).isZero();
        assertThat(output()).contains("Unseal Progress    0/2");
        assertThat(Main.run("operator", "unseal", "-address", address, keys.get(0))).isZero();
        assertThat(Main.run("operator", "unseal", "-address", address, "-format", "json", keys.get(1))).isZero();
        assertThat(output()).contains("\"sealed\": false");

        assertThat(Main.run("status", "-address", address)).isZero();
        assertThat(output()).contains("Sealed          false").contains("Storage Type    sqlite");
    }

    @Test
    void badInputIsAClearErrorWithExitCode2() {
        assertThat(Main.run("operator", "init", "-address", address, "-key-shares", "3", "-key-threshold", "5")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Code: 400").contains("cannot be larger than secret_shares");
        assertThat(Main.run("operator", "unseal", "-address", address, "abcd")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Vault is not initialized");
    }

    @Test
    void anUnreachableServerIsExit1ForStatus() {
        assertThat(Main.run("status", "-address", "http://127.0.0.1:1")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot reach http://127.0.0.1:1");
    }
}
