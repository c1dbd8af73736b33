package dev.coffer.core.sys;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import dev.coffer.core.mount.MountEntry;
import dev.coffer.core.mount.MountTable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code sys/mounts}: list, enable, read, disable and tune secrets engines; and
 * {@code sys/internal/ui/mounts/<path>}, which clients (Vault's CLI, Spring Vault) read to learn a
 * KV mount's version.
 */
final class MountPaths {
    /** Config keys Vault's CLI sends; accepted, and only the TTLs mean something yet. */
    private static final Set<String> CONFIG_KEYS = Set.of("default_lease_ttl", "max_lease_ttl", "force_no_cache",
            "audit_non_hmac_request_keys", "audit_non_hmac_response_keys", "listing_visibility",
            "passthrough_request_headers", "allowed_response_headers", "plugin_version", "allowed_managed_keys",
            "delegated_auth_accessors", "identity_token_key", "description", "options", "token_type",
            "user_lockout_config");

    private MountPaths() {}

    static List<PathSpec> paths(MountTable mounts, BuiltinMounts builtins,
                                java.util.function.Function<dev.coffer.core.token.TokenEntry, dev.coffer.core.policy.Acl> acl,
                                MountTable authMounts, BuiltinMounts builtinAuth) {
        return List.of(
                PathSpec.path("mounts")
                        .read((req, f) -> Response.of(listAll(mounts, builtins)))
                        .synopsis("List the mounted secrets engines.")
                        .build(),
                PathSpec.path("mounts/(?<path>.+)/tune")
                        .field(Field.of("path", FieldType.STRING, "Mount path."))
                        .fields(tuneFields())
                        .read((req, f) -> Response.of(tuneView(require(mounts, f.getString("path")))))
                        .update((req, f) -> {
                            mounts.tune(f.getString("path"), f.getString("description"),
                                    seconds(f, "default_lease_ttl"), seconds(f, "max_lease_ttl"), stringMap(f, "options"));
                            return Response.noContent();
                        })
                        .synopsis("Read or change a mount's lease TTLs, description and options.")
                        .build(),
                PathSpec.path("mounts/(?<path>.+)")
                        .field(Field.of("path", FieldType.STRING, "Where to mount."))
                        .field(Field.of("type", FieldType.STRING, "Engine type: kv, ..."))
                        .field(Field.of("description", FieldType.STRING, "Human-friendly description."))
                        .field(Field.of("config", FieldType.MAP, "default_lease_ttl, max_lease_ttl, ..."))
                        .field(Field.of("options", FieldType.MAP, "Engine options, e.g. version=2 for kv."))
                        .field(Field.of("local", FieldType.BOOL, "Not replicated (accepted for compatibility)."))
                        .field(Field.of("seal_wrap", FieldType.BOOL, "Accepted for compatibility."))
                        .field(Field.of("external_entropy_access", FieldType.BOOL, "Accepted for compatibility."))
                        .field(Field.of("plugin_name", FieldType.STRING, "Accepted for compatibility."))
                        .field(Field.of("plugin_version", FieldType.STRING, "Accepted for compatibility."))
                        .read((req, f) -> Response.of(describe(require(mounts, f.getString("path")))))
                        .update((req, f) -> {
                            if (!f.has("type") || f.getString("type").isBlank()) {
                                throw CofferException.invalid("missing required field 'type'");
                            }
                            Map<String, Object> cfg = config(f);
                            Map<String, String> options = stringMap(f, "options");
                            String type = f.getString("type");
                            if (type.equals("kv-v2")) {
                                type = "kv";
                                options = new LinkedHashMap<>(options == null ? Map.of() : options);
                                options.put("version", "2");
                            }
                            mounts.enable(f.getString("path"), type, f.has("description") ? f.getString("description") : "",
                                    ttl(cfg, "default_lease_ttl"), ttl(cfg, "max_lease_ttl"),
                                    options == null ? Map.of() : options, f.getBool("local"), f.getBool("seal_wrap"));
                            return Response.noContent();
                        })
                        .on(Operation.DELETE, (req, f) -> {
                            mounts.disable(f.getString("path"));
                            return Response.noContent();
                        })
                        .synopsis("Enable, read or disable the secrets engine mounted at a path.")
                        .build(),
                PathSpec.path("internal/ui/mounts/(?<path>.+)")
                        .field(Field.of("path", FieldType.STRING, "A path inside a mount."))
                        .read((req, f) -> {
                            // Any token may ask, but only about a path it has some access to (as Vault).
                            String p = f.getString("path");
                            dev.coffer.core.policy.Acl a = acl.apply(req.token());
                            if (!a.isRoot() && PolicyPaths.names(a, p.endsWith("/") ? p : p + "/").contains("deny")
                                    && PolicyPaths.names(a, p).contains("deny") && !hasAccessBelow(a, mounts, builtins, p)) {
                                throw new CofferException(CofferException.Kind.PERMISSION_DENIED,
                                        "preflight capability check returned 403, please ensure client's policies grant access to path \"" + p + "/\"");
                            }
                            return Response.of(uiMount(mounts, builtins, p));
                        })
                        .anyToken()
                        .synopsis("The mount serving a path: type, options (KV version), accessor.")
                        .build(),
                PathSpec.path("internal/ui/mounts")
                        .read((req, f) -> Response.of(Map.of("secret", listAll(mounts, builtins),
                                "auth", listAll(authMounts, builtinAuth))))
                        .synopsis("Every mount, for UIs.")
                        .build());
    }

    static List<Field> tuneFields() {
        return List.of(
                Field.of("description", FieldType.STRING, "New description."),
                Field.of("default_lease_ttl", FieldType.STRING, "Default lease TTL (duration, or 'system')."),
                Field.of("max_lease_ttl", FieldType.STRING, "Maximum lease TTL (duration, or 'system')."),
                Field.of("options", FieldType.MAP, "Engine options."),
                Field.of("force_no_cache", FieldType.BOOL, "Accepted for compatibility."),
                Field.of("listing_visibility", FieldType.STRING, "Accepted for compatibility."),
                Field.of("audit_non_hmac_request_keys", FieldType.STRING_LIST, "Accepted for compatibility."),
                Field.of("audit_non_hmac_response_keys", FieldType.STRING_LIST, "Accepted for compatibility."),
                Field.of("passthrough_request_headers", FieldType.STRING_LIST, "Accepted for compatibility."),
                Field.of("allowed_response_headers", FieldType.STRING_LIST, "Accepted for compatibility."),
                Field.of("plugin_version", FieldType.STRING, "Accepted for compatibility."));
    }

    static MountEntry require(MountTable mounts, String path) {
        MountEntry e = mounts.get(path);
        if (e == null) {
            throw CofferException.invalid("no mount at " + MountTable.normalise(path));
        }
        return e;
    }

    static Long seconds(FieldData f, String name) {
        if (!f.has(name)) {
            return null;
        }
        String v = f.getString(name);
        if (v.isEmpty() || v.equals("system")) {
            return 0L;
        }
        return FieldData.parseDuration(name, v).toSeconds();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> config(FieldData f) {
        Map<String, Object> cfg = f.has("config") ? (Map<String, Object>) f.get("config") : Map.of();
        for (String k : cfg.keySet()) {
            if (!CONFIG_KEYS.contains(k)) {
                throw CofferException.invalid("unknown config key '" + k + "'");
            }
        }
        return cfg;
    }

    static long ttl(Map<String, Object> cfg, String name) {
        Object v = cfg.get(name);
        if (v == null || "".equals(v) || "system".equals(v)) {
            return 0;
        }
        Duration d = FieldData.parseDuration(name, v);
        return d.toSeconds();
    }

    static Map<String, String> stringMap(FieldData f, String name) {
        if (!f.has(name)) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        ((Map<?, ?>) f.get(name)).forEach((k, v) -> {
            if (v == null || v instanceof Map || v instanceof List) {
                throw CofferException.invalid("field '" + name + "." + k + "' must be a string");
            }
            out.put(String.valueOf(k), String.valueOf(v));
        });
        return out;
    }

    static Map<String, Object> describe(MountEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessor", e.accessor());
        m.put("config", config(e));
        m.put("description", e.description());
        m.put("external_entropy_access", false);
        m.put("local", e.local());
        m.put("options", e.options().isEmpty() ? null : e.options());
        m.put("plugin_version", "");
        m.put("running_plugin_version", "builtin");
        m.put("running_sha256", "");
        m.put("seal_wrap", e.sealWrap());
        m.put("type", e.type());
        m.put("uuid", e.uuid());
        return m;
    }

    /** Vault's tune read: effective TTLs (the system's where the mount has none), description, options. */
    static Map<String, Object> tuneView(MountEntry e) {
        long system = dev.coffer.core.token.TokenStore.SYSTEM_MAX_TTL.toSeconds();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("default_lease_ttl", e.defaultLeaseTtl() == 0 ? system : e.defaultLeaseTtl());
        m.put("description", e.description());
        m.put("force_no_cache", false);
        m.put("max_lease_ttl", e.maxLeaseTtl() == 0 ? system : e.maxLeaseTtl());
        if (!e.options().isEmpty()) {
            m.put("options", e.options());
        }
        return m;
    }

    private static Map<String, Object> config(MountEntry e) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("default_lease_ttl", e.defaultLeaseTtl());
        c.put("force_no_cache", false);
        c.put("max_lease_ttl", e.maxLeaseTtl());
        return c;
    }

    static Map<String, Object> listAll(MountTable mounts, BuiltinMounts builtins) {
        Map<String, Object> all = new TreeMap<>();
        for (MountEntry e : builtins.entries()) {
            all.put(e.path(), describe(e));
        }
        for (MountEntry e : mounts.list()) {
            all.put(e.path(), describe(e));
        }
        return all;
    }

    private static Map<String, Object> uiMount(MountTable mounts, BuiltinMounts builtins, String path) {
        String p = path.endsWith("/") ? path : path + "/";
        MountEntry best = null;
        List<MountEntry> candidates = new java.util.ArrayList<>(mounts.list());
        candidates.addAll(builtins.entries());
        for (MountEntry e : candidates) {
            if (p.startsWith(e.path()) && (best == null || e.path().length() > best.path().length())) {
                best = e;
            }
        }
        if (best == null) {
            throw new CofferException(CofferException.Kind.PERMISSION_DENIED,
                    "preflight capability check returned 403, please ensure client's policies grant access to path \"" + path + "/\"");
        }
        Map<String, Object> m = describe(best);
        m.put("path", best.path());
        return m;
    }

    /**
     * True if the token can do anything somewhere under the mount serving {@code path}: KV
     * clients ask about {@code secret/app/db} when their policy grants {@code secret/data/app/db}.
     */
    private static boolean hasAccessBelow(dev.coffer.core.policy.Acl a, MountTable mounts, BuiltinMounts builtins, String path) {
        String p = path.endsWith("/") ? path : path + "/";
        for (MountEntry e : mounts.list()) {
            if (p.startsWith(e.path())) {
                String rest = p.substring(e.path().length());
                for (String probe : List.of("data/" + rest, "metadata/" + rest, rest)) {
                    String full = e.path() + probe;
                    if (!PolicyPaths.names(a, full).contains("deny")
                            || !PolicyPaths.names(a, full.endsWith("/") ? full.substring(0, full.length() - 1) : full).contains("deny")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The mounts the core makes itself (sys/, cubbyhole/), shown in listings. */
    interface BuiltinMounts {
        List<MountEntry> entries();
    }
}
