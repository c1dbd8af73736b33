package dev.coffer.engines.kv;

import dev.coffer.core.CofferException;
import dev.coffer.core.storage.Storage;
import dev.coffer.core.storage.StorageOp;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * KV v2's storage: {@code config}, {@code metadata/<path>} (listable by path) and
 * {@code versions/<sha256(path)>/<n>} (one value per version). Every change to a secret happens
 * under that secret's lock and lands in one transaction, so metadata and data never disagree.
 */
final class KvVersionStore {
    static final int DEFAULT_MAX_VERSIONS = 10;

    /** Mount-wide settings ({@code <mount>/config}). */
    record Config(int maxVersions, boolean casRequired, long deleteVersionAfterMillis) {
        static final Config DEFAULT = new Config(0, false, 0);
    }

    private final Storage storage;
    private final Clock clock;
    private final int maxSecretBytes;
    private final Object[] locks = new Object[64];
    /**
     * Decoded metadata by path (no secret in it: versions, times, settings). Every change to a
     * secret's metadata happens under the path's lock and replaces or drops its entry there; reads
     * that miss load under the same lock, so a stale entry can never be put back.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, KvMetadata> metaCache = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int META_CACHE_LIMIT = 50_000;

    KvVersionStore(Storage storage, Clock clock, int maxSecretBytes) {
        this.storage = storage;
        this.clock = clock;
        this.maxSecretBytes = maxSecretBytes;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    long now() {
        return clock.millis();
    }

    Object lockFor(String path) {
        return locks[Math.floorMod(path.hashCode(), locks.length)];
    }

    Config config() {
        return storage.get("config").map(b -> KvJson.decode(b, ConfigJson.class).toConfig()).orElse(Config.DEFAULT);
    }

    void writeConfig(Config c) {
        storage.put("config", KvJson.encode(ConfigJson.of(c)));
    }

    /** A private copy of the path's metadata: callers may change it. */
    Optional<KvMetadata> metadata(String path) {
        KvMetadata cached = metaCache.get(path);
        if (cached != null) {
            return Optional.of(copy(cached));
        }
        synchronized (lockFor(path)) {
            Optional<KvMetadata> m = storage.get("metadata/" + path).map(b -> KvJson.decode(b, KvMetadata.class));
            if (metaCache.size() >= META_CACHE_LIMIT) {
                metaCache.clear();
            }
            m.ifPresent(x -> metaCache.put(path, copy(x)));
            return m;
        }
    }

    private static KvMetadata copy(KvMetadata m) {
        return m.copy();
    }

    Optional<Map<String, Object>> versionData(String path, int version) {
        return storage.get(versionKey(path, version)).map(KvJson::decodeMap);
    }

    List<String> listMetadata(String folder) {
        return storage.list("metadata/" + folder);
    }

    int effectiveMaxVersions(KvMetadata m, Config c) {
        if (m.maxVersions > 0) {
            return m.maxVersions;
        }
        return c.maxVersions() > 0 ? c.maxVersions() : DEFAULT_MAX_VERSIONS;
    }

    /**
     * Writes a new version. {@code cas} is the version the caller believes current (0: must not
     * exist yet) or null. Returns the new version's metadata view.
     */
    Map<String, Object> put(String path, Map<String, Object> data, Integer cas) {
        byte[] encoded = KvJson.encodeSecret(data, maxSecretBytes);
        synchronized (lockFor(path)) {
            Config c = config();
            KvMetadata m = metadata(path).orElse(null);
            checkCas(m, c, cas);
            long now = now();
            if (m == null) {
                m = new KvMetadata();
                m.createdTime = now;
            }
            int version = m.currentVersion + 1;
            KvMetadata.Version v = new KvMetadata.Version();
            v.createdTime = now;
            long after = m.deleteVersionAfter > 0 ? m.deleteVersionAfter : c.deleteVersionAfterMillis();
            if (after > 0) {
                v.deletionTime = now + after;
            }
            m.versions.put(version, v);
            m.currentVersion = version;
            m.updatedTime = now;
            if (m.oldestVersion == 0) {
                m.oldestVersion = version;
            }
            List<StorageOp> ops = new ArrayList<>();
            ops.add(StorageOp.put(versionKey(path, version), encoded));
            int max = effectiveMaxVersions(m, c);
            while (m.versions.size() > max) {
                int oldest = m.versions.firstKey();
                m.versions.remove(oldest);
                ops.add(StorageOp.delete(versionKey(path, oldest)));
            }
            m.oldestVersion = m.versions.firstKey();
            ops.add(StorageOp.put("metadata/" + path, KvJson.encode(m)));
            storage.transact(ops);
            metaCache.put(path, copy(m));
            return m.versionView(version);
        }
    }

    private static void checkCas(KvMetadata m, Config c, Integer cas) {
        boolean required = c.casRequired() || (m != null && m.casRequired);
        if (cas == null) {
            if (required) {
                throw CofferException.invalid("check-and-set parameter required for this call");
            }
            return;
        }
        int current = m == null ? 0 : m.currentVersion;
        if (cas != current) {
            throw CofferException.invalid("check-and-set parameter did not match the current version");
        }
    }

    /** Applies {@code change} to an existing secret's metadata and stores it (with any extra ops). */
    void updateMetadata(String path, boolean create, Function<KvMetadata, List<StorageOp>> change) {
        synchronized (lockFor(path)) {
            KvMetadata m = metadata(path).orElse(null);
            if (m == null) {
                if (!create) {
                    return;
                }
                m = new KvMetadata();
                m.createdTime = now();
            }
            List<StorageOp> ops = new ArrayList<>(change.apply(m));
            m.updatedTime = now();
            ops.add(StorageOp.put("metadata/" + path, KvJson.encode(m)));
            storage.transact(ops);
            metaCache.put(path, copy(m));
        }
    }

    /** Removes the secret: every version and its metadata. */
    void deleteAll(String path) {
        synchronized (lockFor(path)) {
            KvMetadata m = metadata(path).orElse(null);
            if (m == null) {
                return;
            }
            List<StorageOp> ops = new ArrayList<>();
            m.versions.keySet().forEach(n -> ops.add(StorageOp.delete(versionKey(path, n))));
            ops.add(StorageOp.delete("metadata/" + path));
            storage.transact(ops);
            metaCache.remove(path);
        }
    }

    static String versionKey(String path, int version) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8));
            return "versions/" + HexFormat.of().formatHex(h) + "/" + version;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored form of {@link Config}. */
    static final class ConfigJson {
        public int maxVersions;
        public boolean casRequired;
        public long deleteVersionAfterMillis;

        static ConfigJson of(Config c) {
            ConfigJson j = new ConfigJson();
            j.maxVersions = c.maxVersions();
            j.casRequired = c.casRequired();
            j.deleteVersionAfterMillis = c.deleteVersionAfterMillis();
            return j;
        }

        Config toConfig() {
            return new Config(maxVersions, casRequired, deleteVersionAfterMillis);
        }
    }
}
