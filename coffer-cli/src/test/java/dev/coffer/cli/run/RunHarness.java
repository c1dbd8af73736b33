package dev.coffer.cli.run;

import dev.coffer.cli.Main;
import dev.coffer.client.CofferClient;
import dev.coffer.core.Core;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.engines.Engines;
import dev.coffer.http.CofferServer;
import dev.coffer.http.config.ListenerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server for {@code coffer run} tests: an in-memory core, KV version 2 at {@code secret/}
 * and {@code team/kv/}, KV version 1 at {@code kv1/}, on a free port. {@link #run} calls
 * {@link Main#run} in this JVM with stdout and stderr captured as bytes and the root token in a
 * token file; the commands it starts are real processes.
 */
abstract class RunHarness {
    static final String ROOT = "root-token-for-run-tests";

    private static Core core;
    private static CofferServer server;
    static String address;
    static CofferClient root;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    /** What {@code coffer run} printed (bytes, as the command wrote them, masked) and returned. */
    record Result(int code, byte[] outBytes, String err) {
        String out() {
            return new String(outBytes, StandardCharsets.UTF_8);
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        core = new Core(new MemoryStorage(), Clock.systemUTC(), Engines.builtin(), dev.coffer.auth.AuthMethods.builtin());
        Core.InitResult init = core.initialize(SealConfig.shamir(1, 1), Optional.of(ROOT));
        core.unseal(HexFormat.of().formatHex(init.keyShares().get(0).bytes()));
        core.mounts().enable("secret/", "kv", "", 0, 0, Map.of("version", "2"), false, false);
        core.mounts().enable("team/kv/", "kv", "", 0, 0, Map.of("version", "2"), false, false);
        core.mounts().enable("kv1/", "kv", "", 0, 0, Map.of("version", "1"), false, false);
        server = new CofferServer(core, List.of(new ListenerConfig("127.0.0.1:0", null, null, false, 1 << 20)));
        server.start();
        address = "http://127.0.0.1:" + server.port(0);
        root = CofferClient.create(address, ROOT, null);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        core.close();
    }

    @BeforeEach
    void captureAndAuthenticate() throws IOException {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        useToken(ROOT);
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.clearProperty("coffer.token.file");
    }

    /** Makes the in-process CLI use {@code token} (through the token file, as after {@code coffer login}). */
    void useToken(String token) throws IOException {
        Path f = dir.resolve(".coffer-token-" + Math.abs(token.hashCode()));
        Files.writeString(f, token);
        System.setProperty("coffer.token.file", f.toString());
    }

    /** Runs {@code coffer run -address=<server> <args>}. */
    Result run(String... args) {
        return runAt(address, args);
    }

    Result runAt(String addr, String... args) {
        List<String> all = new ArrayList<>(List.of("run", "-address=" + addr));
        all.addAll(Arrays.asList(args));
        out.reset();
        err.reset();
        int code = Main.run(all.toArray(String[]::new));
        System.out.flush();
        System.err.flush();
        return new Result(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes a KV v2 secret under {@code secret/} (or another v2 mount). */
    static void putV2(String mount, String path, Map<String, Object> data) {
        root.write(mount + "/data/" + path, Map.of("data", data));
    }

    /** A loopback port nothing listens on. */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** {@code s} single-quoted for {@code sh}. */
    static String sq(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
