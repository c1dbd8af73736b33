package dev.coffer.cli;

import dev.coffer.core.Core;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.engines.Engines;
import dev.coffer.http.CofferServer;
import dev.coffer.http.config.ListenerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
 * A real server for CLI tests: an in-memory core, initialised and unsealed, KV version 2 at
 * {@code secret/}, served on a free port. Commands run through {@link Main#run} with the root
 * token (the {@link ClientOptions#tokenForTests} hook) and the token file in a temporary home.
 */
abstract class ServerHarness {
    static final String ROOT = "root";

    private static Core core;
    private static CofferServer server;
    static String address;

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private InputStream oldIn;

    /** What a command printed and returned. */
    record Result(int code, String out, String err) {}

    @BeforeAll
    static void startServer() throws Exception {
        core = new Core(new MemoryStorage(), Clock.systemUTC(), Engines.builtin(), dev.coffer.auth.AuthMethods.builtin());
        Core.InitResult init = core.initialize(SealConfig.shamir(1, 1), Optional.of(ROOT));
        core.unseal(HexFormat.of().formatHex(init.keyShares().get(0).bytes()));
        core.mounts().enable("secret/", "kv", "key/value secret storage", 0, 0, Map.of("version", "2"), false, false);
        server = new CofferServer(core, List.of(new ListenerConfig("127.0.0.1:0", null, null, false, 1 << 20)));
        server.start();
        address = "http://127.0.0.1:" + server.port(0);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
        core.close();
    }

    @BeforeEach
    void captureAndAuthenticate() {
        oldOut = System.out;
        oldErr = System.err;
        oldIn = System.in;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setProperty(TokenFile.PROPERTY, home.resolve(".coffer-token").toString());
        ClientOptions.tokenForTests = ROOT;
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
        System.setIn(oldIn);
        System.clearProperty(TokenFile.PROPERTY);
        ClientOptions.tokenForTests = null;
    }

    /** Runs {@code coffer <args> -address=<server>} and collects its output. */
    Result run(String... args) {
        return runWithStdin("", args);
    }

    Result runWithStdin(String stdin, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.add("-address=" + address);
        return runLocal(stdin, all.toArray(String[]::new));
    }

    /** Runs {@code coffer <args>} as given (no -address), for commands that need no server. */
    Result runLocal(String stdin, String... args) {
        out.reset();
        err.reset();
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        int code = Main.run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed and returns its stdout. */
    String ok(String... args) {
        Result r = run(args);
        if (r.code() != 0) {
            throw new AssertionError("coffer " + String.join(" ", args) + " exited " + r.code() + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        }
        return r.out();
    }

    /** A token of the given policies, created by root, for tests of what other tokens may do. */
    String childToken(String... extraArgs) {
        List<String> a = new ArrayList<>(List.of("token", "create", "-field=token"));
        a.addAll(Arrays.asList(extraArgs));
        return ok(a.toArray(String[]::new)).strip();
    }
}
