package dev.coffer.core.logical;

import dev.coffer.core.storage.Storage;
import java.time.Clock;
import java.util.Map;

/**
 * What a backend is given when mounted: its own storage view, the clock, the mount's path and
 * options ({@code version=2} for KV, ...). Nothing else of the core is reachable from here.
 */
public record BackendContext(Storage storage, Clock clock, String mountPath, Map<String, String> options) {
    public BackendContext {
        options = Map.copyOf(options);
    }
}
