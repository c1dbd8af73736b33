package dev.coffer.core.sys;

import dev.coffer.core.Core;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.PathSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sys/} as a backend, assembled from small path groups, one file each. The unauthenticated
 * parts of sys (health, init, seal-status, unseal) are served by the HTTP layer directly, as they
 * must answer while sealed.
 */
public final class SysBackend implements Backend {
    private final List<PathSpec> paths;

    public SysBackend(Core core) {
        List<PathSpec> p = new ArrayList<>();
        p.addAll(SealPaths.paths(core));
        p.addAll(KeyringPaths.paths(core));
        this.paths = List.copyOf(p);
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "system";
    }
}
