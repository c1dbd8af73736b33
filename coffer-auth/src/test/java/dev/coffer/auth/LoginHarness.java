package dev.coffer.auth;

import dev.coffer.core.Core;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A real core (memory storage, initialised and unsealed) with the built-in auth methods and a
 * clock the test moves, for the auth-method tests of approle, userpass and cert.
 */
public final class LoginHarness implements AutoCloseable {
    /** A clock that stands still until the test moves it. */
    public static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        public void set(Instant t) {
            now = t;
        }
    }

    public static final ClientInfo HOME = new ClientInfo("10.1.2.3", 5000);
    public static final ClientInfo ELSEWHERE = new ClientInfo("192.0.2.7", 5000);

    public final MovableClock clock = new MovableClock();
    public final Core core;
    public final String root;

    public LoginHarness() {
        core = new Core(new MemoryStorage(), clock, Map.of(), AuthMethods.builtin());
        Core.InitResult r = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        core.unseal(HexFormat.of().formatHex(r.keyShares().get(0).bytes()));
        root = r.rootToken();
    }

    /** Enables an auth method of {@code type} at {@code auth/<path>/}. */
    public void enable(String path, String type) {
        asRoot(Operation.UPDATE, "sys/auth/" + path, Map.of("type", type));
    }

    public Response asRoot(Operation op, String path, Map<String, Object> data) {
        return call(root, op, path, data, HOME);
    }

    public Response call(String token, Operation op, String path, Map<String, Object> data, ClientInfo from) {
        return core.handle(token, Request.of("t", op, path, data, from));
    }

    /** An unauthenticated login from {@code from}. */
    public Auth login(String path, Map<String, Object> data, ClientInfo from) {
        return call(null, Operation.UPDATE, path, data, from).auth();
    }

    /** The token's own lookup, as the token itself sees it. */
    public Map<String, Object> lookupSelf(String token) {
        return call(token, Operation.READ, "auth/token/lookup-self", Map.of(), HOME).data();
    }

    /** The accessor of the auth mount at {@code path}. */
    @SuppressWarnings("unchecked")
    public String accessor(String path) {
        return (String) ((Map<String, Object>) asRoot(Operation.READ, "sys/auth", Map.of()).data().get(path + "/"))
                .get("accessor");
    }

    @Override
    public void close() {
        core.close();
    }
}
