package dev.coffer.core.mount;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.Random;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;
import dev.coffer.core.router.Router;
import dev.coffer.core.storage.Storage;
import dev.coffer.core.storage.StorageView;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A table of mounts: secrets engines (persisted in the barrier at {@code core/mounts}, routed at
 * their path) or auth methods (at {@code core/auth}, routed under {@code auth/}). Each is backed
 * by a {@link Backend} made by the factory of its type and reachable through the {@link Router}.
 * Enable, disable (which deletes the mount's data) and tune. Changes are serialised by this
 * object's lock; the stored table is written before the router changes.
 */
public final class MountTable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Which of the two tables: where it is stored, routed and keeps its mounts' data. */
    public enum Kind {
        /** Secrets engines: {@code secret/} is routed at {@code secret/}, its data under {@code logical/<uuid>/}. */
        SECRETS("core/mounts", "", "logical/", Set.of("sys/", "auth/", "cubbyhole/", "identity/"), "secrets engine"),
        /** Auth methods: {@code jwt/} is routed at {@code auth/jwt/}, its data under {@code auth/<uuid>/}. */
        AUTH("core/auth", "auth/", "auth/", Set.of("token/"), "auth method");

        final String tableKey;
        final String routePrefix;
        final String storageRoot;
        final Set<String> reserved;
        final String noun;

        Kind(String tableKey, String routePrefix, String storageRoot, Set<String> reserved, String noun) {
            this.tableKey = tableKey;
            this.routePrefix = routePrefix;
            this.storageRoot = storageRoot;
            this.reserved = reserved;
            this.noun = noun;
        }
    }

    private final Kind kind;
    private final Storage barrier;
    private final Clock clock;
    private final Router router;
    private final Map<String, BackendFactory> factories;
    private final Map<String, MountEntry> entries = new LinkedHashMap<>();
    private final java.util.function.Function<MountEntry, BackendContext.Services> services;

    /** The secrets-engine table. */
    public MountTable(Storage barrier, Clock clock, Router router, Map<String, BackendFactory> factories) {
        this(Kind.SECRETS, barrier, clock, router, factories, e -> BackendContext.Services.NONE);
    }

    /** @param services what the core offers a mount's backend beyond its storage (auth methods: login lock-out) */
    public MountTable(Kind kind, Storage barrier, Clock clock, Router router, Map<String, BackendFactory> factories,
                      java.util.function.Function<MountEntry, BackendContext.Services> services) {
        this.kind = kind;
        this.barrier = barrier;
        this.clock = clock;
        this.router = router;
        this.factories = Map.copyOf(factories);
        this.services = services;
    }

    /** The path this table routes a mount at: {@code jwt/} → {@code auth/jwt/} for auth methods. */
    public String routePath(MountEntry e) {
        return kind.routePrefix + e.path();
    }

    /** Where a mount's data lives in the barrier. */
    public String storagePrefix(MountEntry e) {
        return kind.storageRoot + e.uuid() + "/";
    }

    /** The mount whose accessor this is, if any. */
    public synchronized java.util.Optional<MountEntry> byAccessor(String accessor) {
        return entries.values().stream().filter(e -> e.accessor().equals(accessor)).findFirst();
    }

    /** Loads the stored table and mounts every entry. Called on unseal. */
    public synchronized void load() {
        entries.clear();
        for (MountEntry e : read()) {
            mountInRouter(e);
            entries.put(e.path(), e);
        }
    }

    /** Unmounts every entry from the router (on seal); storage is untouched. */
    public synchronized void unloadAll() {
        entries.values().forEach(e -> router.unmount(routePath(e)));
        entries.clear();
    }

    public synchronized List<MountEntry> list() {
        return List.copyOf(entries.values());
    }

    public synchronized MountEntry get(String path) {
        return entries.get(normalise(path));
    }

    /** Mounts a new engine. Refuses reserved, overlapping or malformed paths and unknown types or options. */
    public synchronized MountEntry enable(String rawPath, String type, String description, long defaultTtl,
                                          long maxTtl, Map<String, String> options, boolean local, boolean sealWrap) {
        String path = normalise(rawPath);
        BackendFactory f = factories.get(type);
        if (f == null) {
            throw CofferException.invalid("unknown " + kind.noun + " type '" + type + "'; available: "
                    + String.join(", ", new java.util.TreeSet<>(factories.keySet())));
        }
        for (String reserved : kind.reserved) {
            if (path.startsWith(reserved) || reserved.startsWith(path)) {
                throw CofferException.invalid("cannot mount '" + path + "': the path '" + reserved + "' is reserved");
            }
        }
        for (String existing : entries.keySet()) {
            if (path.startsWith(existing) || existing.startsWith(path)) {
                throw CofferException.invalid("path is already in use at " + existing);
            }
        }
        checkOptions(f, options);
        checkTtls(defaultTtl, maxTtl);
        MountEntry e = new MountEntry(path, type, description, Random.uuid(), type + "_" + Random.base62(8).toLowerCase(Locale.ROOT),
                defaultTtl, maxTtl, withDefaults(type, options), local, sealWrap);
        Backend backend = create(e);
        List<MountEntry> next = new ArrayList<>(entries.values());
        next.add(e);
        write(next);
        router.mount(new Router.Mount(routePath(e), e.type(), e.uuid(), backend));
        entries.put(path, e);
        return e;
    }

    /** Unmounts and deletes all the mount's data. Disabling a path that is not mounted is not an error (as Vault). */
    public synchronized void disable(String rawPath) {
        String path = normalise(rawPath);
        MountEntry e = entries.get(path);
        if (e == null) {
            return;
        }
        List<MountEntry> next = new ArrayList<>(entries.values());
        next.remove(e);
        router.unmount(routePath(e));
        write(next);
        entries.remove(path);
        new StorageView(barrier, storagePrefix(e)).clear();
    }

    /** Changes description, lease TTLs or options; the backend is re-created when options change. */
    public synchronized MountEntry tune(String rawPath, String description, Long defaultTtl, Long maxTtl,
                                        Map<String, String> options) {
        String path = normalise(rawPath);
        MountEntry e = entries.get(path);
        if (e == null) {
            throw CofferException.invalid("no mount at " + path);
        }
        Map<String, String> merged = new HashMap<>(e.options());
        if (options != null) {
            checkOptions(factories.get(e.type()), options);
            if ("kv".equals(e.type()) && "1".equals(options.get("version")) && "2".equals(e.options().get("version"))) {
                throw CofferException.invalid("cannot downgrade a KV mount from version 2 to version 1");
            }
            merged.putAll(options);
        }
        long d = defaultTtl == null ? e.defaultLeaseTtl() : defaultTtl;
        long m = maxTtl == null ? e.maxLeaseTtl() : maxTtl;
        checkTtls(d, m);
        MountEntry tuned = e.withTune(description == null ? e.description() : description, d, m, merged);
        List<MountEntry> next = new ArrayList<>();
        for (MountEntry x : entries.values()) {
            next.add(x.path().equals(path) ? tuned : x);
        }
        Backend backend = tuned.options().equals(e.options()) ? null : create(tuned);
        write(next);
        entries.put(path, tuned);
        if (backend != null) {
            router.unmount(routePath(tuned));
            router.mount(new Router.Mount(routePath(tuned), tuned.type(), tuned.uuid(), backend));
        }
        return tuned;
    }

    private static void checkTtls(long d, long m) {
        if (d < 0 || m < 0) {
            throw CofferException.invalid("lease TTLs must not be negative");
        }
        if (m > 0 && d > m) {
            throw CofferException.invalid("default_lease_ttl cannot be larger than max_lease_ttl");
        }
    }

    private static void checkOptions(BackendFactory f, Map<String, String> options) {
        for (String k : options.keySet()) {
            if (!f.options().contains(k)) {
                throw CofferException.invalid("unknown option '" + k + "' for " + f.type() + " mounts");
            }
        }
        String v = options.get("version");
        if (v != null && !v.equals("1") && !v.equals("2")) {
            throw CofferException.invalid("option 'version' must be 1 or 2");
        }
    }

    private static Map<String, String> withDefaults(String type, Map<String, String> options) {
        if (!"kv".equals(type) || options.containsKey("version")) {
            return options;
        }
        Map<String, String> m = new HashMap<>(options);
        m.put("version", "1");
        return m;
    }

    /** {@code a/b} → {@code a/b/}; refuses empty, {@code ..} and other odd segments. */
    public static String normalise(String raw) {
        if (raw == null) {
            throw CofferException.invalid("mount path must be given");
        }
        String p = raw.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (!p.endsWith("/")) {
            p = p + "/";
        }
        String body = p.substring(0, p.length() - 1);
        if (body.isEmpty()) {
            throw CofferException.invalid("mount path must not be empty");
        }
        for (String seg : body.split("/", -1)) {
            if (!SEGMENT.matcher(seg).matches()) {
                throw CofferException.invalid("mount path '" + raw + "' has an invalid segment '" + seg
                        + "': use letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
        }
        return p;
    }

    private Backend create(MountEntry e) {
        BackendFactory f = factories.get(e.type());
        if (f == null) {
            throw new CofferException(CofferException.Kind.INTERNAL, "no engine of type " + e.type() + " for mount " + e.path());
        }
        return f.create(new BackendContext(new StorageView(barrier, storagePrefix(e)), clock, routePath(e), e.options(),
                e.accessor(), services.apply(e)));
    }

    private void mountInRouter(MountEntry e) {
        router.mount(new Router.Mount(routePath(e), e.type(), e.uuid(), create(e)));
    }

    private List<MountEntry> read() {
        return barrier.get(kind.tableKey).map(b -> {
            try {
                return JSON.readValue(b, new TypeReference<List<MountEntry>>() {});
            } catch (IOException ex) {
                throw new CofferException(CofferException.Kind.INTERNAL, "stored mount table is unreadable", ex);
            }
        }).orElse(List.of());
    }

    private void write(List<MountEntry> table) {
        try {
            barrier.put(kind.tableKey, JSON.writeValueAsBytes(table));
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode mount table", ex);
        }
    }
}
