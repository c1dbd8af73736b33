package dev.coffer.cli;

import dev.coffer.auth.AuthMethods;
import ch.qos.logback.classic.Level;
import dev.coffer.core.Core;
import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.core.storage.SqliteStorage;
import dev.coffer.core.storage.Storage;
import dev.coffer.cli.run.Signals;
import dev.coffer.engines.Engines;
import dev.coffer.http.CofferServer;
import dev.coffer.http.config.ListenerConfig;
import dev.coffer.http.config.ServerConfig;
import dev.coffer.http.config.StorageConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code coffer server}: with {@code -config FILE} a real server that starts sealed; with
 * {@code -dev} an in-memory server, initialised with one share and unsealed, for trying things.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Start a Coffer server.",
                "With -config, storage and listeners come from an HCL or JSON file and the server starts sealed.",
                "With -dev, everything is in memory, unsealed, on http://127.0.0.1:8200: for trying Coffer, never for real secrets."})
final class ServerCommand implements Callable<Integer> {

    @Option(names = {"-config", "--config"}, paramLabel = "FILE", description = "Server configuration (HCL, or JSON if the name ends in .json).")
    Path config;

    @Option(names = {"-dev", "--dev"}, description = "Development mode: in-memory, unsealed, root token printed.")
    boolean dev;

    @Option(names = {"-dev-root-token-id", "--dev-root-token-id"}, paramLabel = "ID",
            description = "Dev mode's root token (default: $COFFER_DEV_ROOT_TOKEN_ID, $VAULT_DEV_ROOT_TOKEN_ID, else random).")
    String devRootTokenId;

    @Option(names = {"-dev-listen-address", "--dev-listen-address"}, paramLabel = "HOST:PORT",
            defaultValue = "127.0.0.1:8200", description = "Dev mode's listener (default 127.0.0.1:8200).")
    String devListenAddress;

    @Option(names = {"-log-level", "--log-level"}, paramLabel = "LEVEL",
            description = "trace, debug, info, warn or error (default: the config's log_level, else info).")
    String logLevel;

    @Override
    public Integer call() throws Exception {
        if (dev == (config != null)) {
            System.err.println("Error: give either -dev or -config FILE");
            return 2;
        }
        return dev ? runDev() : runConfigured();
    }

    private int runDev() throws Exception {
        setLogLevel(logLevel == null ? "info" : logLevel);
        Core core = new Core(new MemoryStorage(), Clock.systemUTC(), Engines.builtin(), AuthMethods.builtin());
        Optional<String> rootId = Optional.ofNullable(devRootTokenId)
                .or(() -> Optional.ofNullable(System.getenv("COFFER_DEV_ROOT_TOKEN_ID")))
                .or(() -> Optional.ofNullable(System.getenv("VAULT_DEV_ROOT_TOKEN_ID")))
                .filter(s -> !s.isEmpty());
        Core.InitResult init = core.initialize(SealConfig.shamir(1, 1), rootId);
        SecretBytes share = init.keyShares().get(0);
        byte[] raw = share.bytes();
        String unsealKey = java.util.Base64.getEncoder().encodeToString(raw);
        core.unseal(HexFormat.of().formatHex(raw));
        java.util.Arrays.fill(raw, (byte) 0);
        share.destroy();
        core.mounts().enable("secret/", "kv", "key/value secret storage", 0, 0, Map.of("version", "2"), false, false);

        ListenerConfig listener = new ListenerConfig(devListenAddress, null, null, false,
                ListenerConfig.DEFAULT_MAX_REQUEST_SIZE);
        CofferServer server = new CofferServer(core, List.of(listener));
        server.start();
        String addr = "http://" + listener.host() + ":" + server.port(0);
        System.out.println("""
                WARNING! dev mode is enabled! In this mode, Coffer runs entirely in memory
                and starts unsealed with a single unseal key. Nothing survives a restart.

                You may need to set the following environment variables:

                    $ export COFFER_ADDR='%s'
                    $ export VAULT_ADDR='%s'

                The unseal key and root token are displayed below in case you want to
                seal/unseal the server or re-authenticate.

                Unseal Key: %s
                Root Token: %s

                Development mode should NOT be used in production installations!
                """.formatted(addr, addr, unsealKey, init.rootToken()));
        System.out.flush();
        awaitShutdown(server, core);
        return 0;
    }

    private int runConfigured() throws Exception {
        ServerConfig cfg = ServerConfig.load(config);
        setLogLevel(logLevel != null ? logLevel : cfg.logLevel());
        Storage storage = open(cfg.storage());
        Core core = new Core(storage, Clock.systemUTC(), Engines.builtin(), AuthMethods.builtin());
        CofferServer server;
        try {
            server = new CofferServer(core, cfg.listeners());
            server.start();
        } catch (Exception e) {
            core.close();
            throw e;
        }
        System.out.println("==> Coffer server started! Log data will stream in below:");
        System.out.println();
        System.out.println("             Storage: " + cfg.storage().type()
                + (cfg.storage().options().containsKey("path") ? " (path: " + cfg.storage().options().get("path") + ")" : ""));
        for (int i = 0; i < cfg.listeners().size(); i++) {
            ListenerConfig l = cfg.listeners().get(i);
            System.out.println("            Listener: " + (l.hasTls() ? "https" : "http") + "://" + l.host() + ":" + server.port(i)
                    + (l.hasTls() ? "" : " (TLS disabled)"));
        }
        System.out.println("              Sealed: " + core.isSealed() + (core.isInitialized() ? "" : " (not initialized: run 'coffer operator init')"));
        System.out.println();
        System.out.flush();
        awaitShutdown(server, core);
        return 0;
    }

    static Storage open(StorageConfig s) {
        return switch (s.type()) {
            case "sqlite" -> new SqliteStorage(Path.of(s.options().get("path")));
            case "memory" -> new MemoryStorage();
            default -> throw new IllegalArgumentException("unknown storage type " + s.type());
        };
    }

    private static void awaitShutdown(CofferServer server, Core core) throws InterruptedException {
        // SIGHUP: audit files are reopened (logrotate moves them, then signals), as Vault does.
        Signals.install(List.of("HUP"), (name, number) -> {
            LoggerFactory.getLogger(ServerCommand.class).info("SIGHUP: reopening audit files");
            core.reopenAudit();
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(ServerCommand.class).warn("error while stopping the HTTP server: {}", e.toString());
            }
            core.close();
        }, "coffer-shutdown"));
        server.join();
    }

    private static void setLogLevel(String level) {
        Level l = Level.toLevel(level, null);
        if (l == null) {
            throw new IllegalArgumentException("unknown log level '" + level + "': use trace, debug, info, warn or error");
        }
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(l);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("org.eclipse.jetty")).setLevel(
                l.isGreaterOrEqual(Level.WARN) ? l : Level.WARN);
    }
}
