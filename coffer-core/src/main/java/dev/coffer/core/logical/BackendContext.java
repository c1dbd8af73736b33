package dev.coffer.core.logical;

import dev.coffer.core.storage.Storage;
import java.time.Clock;
import java.util.Map;

/**
 * What a backend is given when mounted: its own storage view, the clock, the mount's path
 * ({@code secret/}, {@code auth/jwt/}) and options ({@code version=2} for KV, ...), the mount's
 * accessor, and the few core services a backend may use. Nothing else of the core is reachable
 * from here.
 */
public record BackendContext(Storage storage, Clock clock, String mountPath, Map<String, String> options,
                             String mountAccessor, Services services) {
    public BackendContext {
        options = Map.copyOf(options);
        mountAccessor = mountAccessor == null ? "" : mountAccessor;
        services = services == null ? Services.NONE : services;
    }

    public BackendContext(Storage storage, Clock clock, String mountPath, Map<String, String> options) {
        this(storage, clock, mountPath, options, "", Services.NONE);
    }

    /** Core services offered to backends. */
    public interface Services {
        /** Login lock-out of this mount (auth methods); {@link LoginLockout#NONE} for others. */
        LoginLockout lockout();

        Services NONE = () -> LoginLockout.NONE;
    }
}
