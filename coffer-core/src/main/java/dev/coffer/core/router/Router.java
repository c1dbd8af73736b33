package dev.coffer.core.router;

import dev.coffer.core.logical.Backend;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The mount table: the longest mount path that prefixes a request's path names its backend.
 * Mount paths end with {@code /}.
 */
public final class Router {
    /** A backend mounted at {@code path}. */
    public record Mount(String path, String type, String uuid, Backend backend) {}

    /** A request path split at its mount. */
    public record Route(Mount mount, String relativePath) {}

    private final ConcurrentSkipListMap<String, Mount> mounts = new ConcurrentSkipListMap<>();

    public void mount(Mount m) {
        if (!m.path().endsWith("/")) {
            throw new IllegalArgumentException("mount path must end with /: " + m.path());
        }
        if (mounts.putIfAbsent(m.path(), m) != null) {
            throw new IllegalArgumentException("path is already in use at " + m.path());
        }
    }

    public void unmount(String path) {
        mounts.remove(path);
    }

    public Optional<Route> route(String path) {
        Mount exact = mounts.get(path + "/");
        if (exact != null) {
            return Optional.of(new Route(exact, ""));
        }
        // The longest matching prefix is at or before `path` in sort order; walk down from there.
        for (Map.Entry<String, Mount> e = mounts.floorEntry(path); e != null; e = mounts.lowerEntry(e.getKey())) {
            String mp = e.getKey();
            if (path.startsWith(mp)) {
                return Optional.of(new Route(e.getValue(), path.substring(mp.length())));
            }
        }
        return Optional.empty();
    }
}
