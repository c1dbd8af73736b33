package dev.coffer.engines;

import dev.coffer.core.CofferException;
import dev.coffer.core.Core;
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

/** A real in-memory core, unsealed, with the built-in engines and a root token; a clock tests can move. */
public final class TestCore {
    public final MutableClock clock = new MutableClock(Instant.parse("2026-06-01T12:00:00Z"));
    public final Core core = new Core(new MemoryStorage(), clock, Engines.builtin());
    public final String rootToken;

    public TestCore() {
        Core.InitResult r = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        core.unseal(HexFormat.of().formatHex(r.keyShares().get(0).bytes()));
        rootToken = r.rootToken();
    }

    public Response call(String token, Operation op, String path, Map<String, Object> data) {
        return core.handle(token, Request.of("t", op, path, data, ClientInfo.INTERNAL));
    }

    public Response root(Operation op, String path, Map<String, Object> data) {
        return call(rootToken, op, path, data);
    }

    public Response read(String path) {
        return root(Operation.READ, path, Map.of());
    }

    public Response write(String path, Map<String, Object> data) {
        return root(Operation.UPDATE, path, data);
    }

    /** The error a call fails with. */
    public CofferException failure(Runnable call) {
        try {
            call.run();
        } catch (CofferException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }

    /** A clock the test moves forward instead of sleeping. */
    public static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
