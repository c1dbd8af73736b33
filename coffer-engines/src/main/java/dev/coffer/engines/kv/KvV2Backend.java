package dev.coffer.engines.kv;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.storage.StorageOp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KV version 2, Vault's versioned key/value engine: {@code data/}, {@code metadata/},
 * {@code delete/}, {@code undelete/}, {@code destroy/}, {@code subkeys/} and {@code config}, with
 * check-and-set, version limits and automatic deletion. Read this path table to learn the engine.
 */
final class KvV2Backend implements Backend {
    private static final String INVALID_PATH = "Invalid path for a versioned K/V secrets engine. See the API docs "
            + "for the appropriate API endpoints to use. If using the CLI, use 'coffer kv get' for this operation.";

    private final KvVersionStore store;
    private final List<PathSpec> paths;

    KvV2Backend(BackendContext ctx, int maxSecretBytes) {
        this.store = new KvVersionStore(ctx.storage(), ctx.clock(), maxSecretBytes);
        Field path = Field.of("path", FieldType.STRING, "Location of the secret.");
        Field versions = Field.of("versions", FieldType.INT_LIST, "The versions to act on.").asRequired();
        List<Field> settings = List.of(
                Field.of("max_versions", FieldType.INT, "Versions to keep (0: the mount's setting, else 10)."),
                Field.of("cas_required", FieldType.BOOL, "Require the cas option on every write."),
                Field.of("delete_version_after", FieldType.DURATION, "Delete each version this long after it is written (0: never)."));
        this.paths = List.of(
                PathSpec.path("config")
                        .fields(settings)
                        .read((req, f) -> Response.of(configView(store.config())))
                        .update(this::writeConfig)
                        .synopsis("Mount-wide defaults for max_versions, cas_required and delete_version_after.")
                        .build(),
                PathSpec.path("data(?:/(?<path>.*))?")
                        .field(path)
                        .field(Field.of("version", FieldType.INT, "Version to read (0: the current one).").withDefault(0))
                        .field(Field.of("data", FieldType.MAP, "The secret's key/value pairs."))
                        .field(Field.of("options", FieldType.MAP, "Write options: cas."))
                        .read(this::readData)
                        .update(this::writeData)
                        .on(Operation.PATCH, this::patchData)
                        .on(Operation.DELETE, (req, f) -> deleteLatest(KvPaths.secret(f.getString("path"))))
                        .synopsis("Write a new version, read a version, patch, or soft-delete the latest.")
                        .build(),
                PathSpec.path("metadata(?:/(?<path>.*))?")
                        .field(path)
                        .fields(settings)
                        .field(Field.of("custom_metadata", FieldType.MAP, "Up to 64 string pairs kept with the secret."))
                        .field(Field.of("recursive", FieldType.BOOL, "With LIST: every secret below the folder, not just one level."))
                        .field(Field.of("page_size", FieldType.INT, "With recursive LIST: at most this many keys (default 1000)."))
                        .field(Field.of("after", FieldType.STRING, "With recursive LIST: continue after this key (the previous page's 'next')."))
                        .read(this::readMetadata)
                        .update((req, f) -> writeMetadata(f, false))
                        .on(Operation.PATCH, (req, f) -> writeMetadata(f, true))
                        .on(Operation.DELETE, (req, f) -> {
                            store.deleteAll(KvPaths.secret(f.getString("path")));
                            return Response.noContent();
                        })
                        .on(Operation.LIST, this::list)
                        .synopsis("Read, write or delete a secret's metadata and all its versions; list secrets.")
                        .build(),
                PathSpec.path("delete/(?<path>.+)").field(path).field(versions)
                        .update((req, f) -> markDeleted(f, true))
                        .synopsis("Soft-delete versions: they stop being read but can be undeleted.")
                        .build(),
                PathSpec.path("undelete/(?<path>.+)").field(path).field(versions)
                        .update((req, f) -> markDeleted(f, false))
                        .synopsis("Undo a soft delete of versions.")
                        .build(),
                PathSpec.path("destroy/(?<path>.+)").field(path).field(versions)
                        .update(this::destroy)
                        .synopsis("Permanently remove the data of versions.")
                        .build(),
                PathSpec.path("subkeys/(?<path>.+)").field(path)
                        .field(Field.of("version", FieldType.INT, "Version (0: current).").withDefault(0))
                        .field(Field.of("depth", FieldType.INT, "How deep to go (0: all the way).").withDefault(0))
                        .read(this::subkeys)
                        .synopsis("The secret's keys without its values.")
                        .build(),
                PathSpec.path(".*").anyFields()
                        .read((req, f) -> invalidPath())
                        .update((req, f) -> invalidPath())
                        .on(Operation.DELETE, (req, f) -> invalidPath())
                        .on(Operation.LIST, (req, f) -> invalidPath())
                        .on(Operation.PATCH, (req, f) -> invalidPath())
                        .build());
    }

    private static Response invalidPath() {
        throw CofferException.notFound(INVALID_PATH);
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "kv";
    }

    // ---- config ---------------------------------------------------------------------------

    private static Map<String, Object> configView(KvVersionStore.Config c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cas_required", c.casRequired());
        m.put("delete_version_after", Times.goDuration(c.deleteVersionAfterMillis()));
        m.put("max_versions", c.maxVersions());
        return m;
    }

    private Response writeConfig(Request req, FieldData f) {
        KvVersionStore.Config old = store.config();
        int max = f.has("max_versions") ? nonNegative(f.getInt("max_versions"), "max_versions") : old.maxVersions();
        boolean cas = f.has("cas_required") ? f.getBool("cas_required") : old.casRequired();
        long after = f.has("delete_version_after") ? f.getDuration("delete_version_after").toMillis() : old.deleteVersionAfterMillis();
        store.writeConfig(new KvVersionStore.Config(max, cas, after));
        return Response.noContent();
    }

    private static int nonNegative(int v, String name) {
        if (v < 0) {
            throw CofferException.invalid("field '" + name + "' must not be negative");
        }
        return v;
    }

    // ---- data -----------------------------------------------------------------------------

    private Response readData(Request req, FieldData f) {
        return readVersion(f, "data", data -> data);
    }

    /**
     * The version a read names (0: the current one), answered as {@code {<field>: ..., metadata}}:
     * 404 with the metadata and a null field for a deleted or destroyed version, as Vault answers.
     */
    private Response readVersion(FieldData f, String field,
                                 java.util.function.Function<Map<String, Object>, Object> view) {
        String p = KvPaths.secret(f.getString("path"));
        KvMetadata m = store.metadata(p).orElseThrow(() -> CofferException.notFound(""));
        int version = f.getInt("version") == 0 ? m.currentVersion : f.getInt("version");
        KvMetadata.Version v = m.versions.get(version);
        if (v == null) {
            throw CofferException.notFound("");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (v.isDeletedAt(store.now())) {
            out.put(field, null);
            out.put("metadata", deletedView(m, version));
            return Response.of(out).withStatus(404);
        }
        out.put(field, view.apply(store.versionData(p, version).orElseThrow(() -> CofferException.notFound(""))));
        out.put("metadata", m.versionView(version));
        return Response.of(out);
    }

    private Map<String, Object> deletedView(KvMetadata m, int version) {
        Map<String, Object> view = m.versionView(version);
        KvMetadata.Version v = m.versions.get(version);
        if (v.deletionTime == null && v.destroyed) {
            view.put("deletion_time", "");
        }
        return view;
    }

    @SuppressWarnings("unchecked")
    private Response writeData(Request req, FieldData f) {
        String p = KvPaths.secret(f.getString("path"));
        if (!f.has("data")) {
            throw CofferException.invalid("no data provided");
        }
        return Response.of(store.put(p, (Map<String, Object>) f.get("data"), cas(f)));
    }

    @SuppressWarnings("unchecked")
    private Response patchData(Request req, FieldData f) {
        String p = KvPaths.secret(f.getString("path"));
        if (!f.has("data")) {
            throw CofferException.invalid("no data provided");
        }
        Integer cas = cas(f);
        synchronized (store.lockFor(p)) {
            KvMetadata m = store.metadata(p).orElseThrow(() -> CofferException.notFound(""));
            KvMetadata.Version v = m.versions.get(m.currentVersion);
            if (v == null || v.isDeletedAt(store.now())) {
                throw CofferException.notFound("");
            }
            Map<String, Object> current = store.versionData(p, m.currentVersion).orElseThrow(() -> CofferException.notFound(""));
            Map<String, Object> merged = MergePatch.apply(current, (Map<String, Object>) f.get("data"));
            return Response.of(store.put(p, merged, cas));
        }
    }

    private static Integer cas(FieldData f) {
        if (!f.has("options")) {
            return null;
        }
        Object cas = ((Map<?, ?>) f.get("options")).get("cas");
        if (cas == null) {
            return null;
        }
        if (cas instanceof Integer i && i >= 0) {
            return i;
        }
        if (cas instanceof String s && s.matches("\\d{1,9}")) {
            return Integer.parseInt(s);
        }
        throw CofferException.invalid("field 'options.cas' must be a non-negative integer");
    }

    private Response deleteLatest(String p) {
        store.updateMetadata(p, false, m -> {
            KvMetadata.Version v = m.versions.get(m.currentVersion);
            if (v != null && !v.isDeletedAt(store.now())) {
                v.deletionTime = store.now();
            }
            return List.of();
        });
        return Response.noContent();
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> requiredVersions(FieldData f) {
        List<Integer> versions = (List<Integer>) f.get("versions");
        if (versions.isEmpty()) {
            throw CofferException.invalid("no version number provided");
        }
        return versions;
    }

    private Response markDeleted(FieldData f, boolean delete) {
        String p = KvPaths.secret(f.getString("path"));
        List<Integer> versions = requiredVersions(f);
        store.updateMetadata(p, false, m -> {
            for (int n : versions) {
                KvMetadata.Version v = m.versions.get(n);
                if (v == null || v.destroyed) {
                    continue;
                }
                if (delete && !v.isDeletedAt(store.now())) {
                    v.deletionTime = store.now();
                } else if (!delete) {
                    v.deletionTime = null;
                }
            }
            return List.of();
        });
        return Response.noContent();
    }

    private Response destroy(Request req, FieldData f) {
        String p = KvPaths.secret(f.getString("path"));
        List<Integer> versions = requiredVersions(f);
        store.updateMetadata(p, false, m -> {
            List<StorageOp> ops = new ArrayList<>();
            for (int n : versions) {
                KvMetadata.Version v = m.versions.get(n);
                if (v != null && !v.destroyed) {
                    v.destroyed = true;
                    ops.add(StorageOp.delete(KvVersionStore.versionKey(p, n)));
                }
            }
            return ops;
        });
        return Response.noContent();
    }

    // ---- metadata -------------------------------------------------------------------------

    private Response readMetadata(Request req, FieldData f) {
        String p = KvPaths.secret(f.getString("path"));
        KvMetadata m = store.metadata(p).orElseThrow(() -> CofferException.notFound(""));
        return Response.of(m.view(store.effectiveMaxVersions(m, store.config())));
    }

    private Response writeMetadata(FieldData f, boolean patch) {
        String p = KvPaths.secret(f.getString("path"));
        Map<String, String> custom = f.has("custom_metadata") ? CustomMetadata.validate(f.get("custom_metadata"), patch) : null;
        int max = f.has("max_versions") ? nonNegative(f.getInt("max_versions"), "max_versions") : -1;
        if (patch && store.metadata(p).isEmpty()) {
            throw CofferException.notFound("");
        }
        store.updateMetadata(p, true, m -> {
            List<StorageOp> ops = new ArrayList<>();
            if (max >= 0) {
                m.maxVersions = max;
            }
            if (f.has("cas_required")) {
                m.casRequired = f.getBool("cas_required");
            }
            if (f.has("delete_version_after")) {
                m.deleteVersionAfter = f.getDuration("delete_version_after").toMillis();
            }
            if (custom != null) {
                m.customMetadata = patch ? CustomMetadata.merge(m.customMetadata, custom) : custom;
            }
            int keep = store.effectiveMaxVersions(m, store.config());
            while (m.versions.size() > keep) {
                int oldest = m.versions.firstKey();
                m.versions.remove(oldest);
                ops.add(StorageOp.delete(KvVersionStore.versionKey(p, oldest)));
            }
            if (!m.versions.isEmpty()) {
                m.oldestVersion = m.versions.firstKey();
            }
            return ops;
        });
        return Response.noContent();
    }

    private Response list(Request req, FieldData f) {
        String folder = KvPaths.folder(f.getString("path"));
        if (!f.getBool("recursive")) {
            return KvPaths.listResponse(store.listMetadata(folder));
        }
        int pageSize = f.has("page_size") ? f.getInt("page_size") : 1000;
        if (pageSize < 1 || pageSize > 10_000) {
            throw CofferException.invalid("field 'page_size' must be between 1 and 10000");
        }
        return RecursiveList.page(store::listMetadata, folder, f.has("after") ? f.getString("after") : "", pageSize);
    }

    // ---- subkeys --------------------------------------------------------------------------

    private Response subkeys(Request req, FieldData f) {
        int depth = nonNegative(f.getInt("depth"), "depth");
        return readVersion(f, "subkeys", data -> keysOnly(data, depth, 1));
    }

    private static Map<String, Object> keysOnly(Map<?, ?> data, int depth, int level) {
        Map<String, Object> out = new LinkedHashMap<>();
        data.forEach((k, v) -> out.put(String.valueOf(k),
                v instanceof Map<?, ?> nested && (depth == 0 || level < depth) ? keysOnly(nested, depth, level + 1) : null));
        return out;
    }
}
