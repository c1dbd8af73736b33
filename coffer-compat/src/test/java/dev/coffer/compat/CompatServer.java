package dev.coffer.compat;

import dev.coffer.core.Core;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.engines.Engines;
import dev.coffer.http.CofferServer;
import dev.coffer.http.config.ListenerConfig;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A server as `coffer server -dev` makes it (KV v2 at secret/), on a free loopback port. */
final class CompatServer implements AutoCloseable {
    final Core core;
    final CofferServer server;
    final String address;
    final String rootToken;

    CompatServer() throws Exception {
        core = new Core(new MemoryStorage(), Clock.systemUTC(), Engines.builtin(), dev.coffer.auth.AuthMethods.builtin());
        Core.InitResult init = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        core.unseal(HexFormat.of().formatHex(init.keyShares().get(0).bytes()));
        rootToken = init.rootToken();
        core.mounts().enable("secret/", "kv", "", 0, 0, Map.of("version", "2"), false, false);
        server = new CofferServer(core, List.of(new ListenerConfig("127.0.0.1:0", null, null, false,
                ListenerConfig.DEFAULT_MAX_REQUEST_SIZE)));
        server.start();
        address = "http://127.0.0.1:" + server.port(0);
    }

    @Override
    public void close() throws java.io.IOException {
        try {
            server.close();
        } catch (Exception e) {
            throw new java.io.IOException("cannot stop the server", e);
        } finally {
            core.close();
        }
    }
}
