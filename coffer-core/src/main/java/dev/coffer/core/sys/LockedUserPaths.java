package dev.coffer.core.sys;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import dev.coffer.core.login.LoginLockouts;
import dev.coffer.core.mount.MountTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code sys/locked-users}: who is locked out after repeated failed logins (Vault's shape: counts by
 * namespace and mount accessor, with the alias identifiers), and
 * {@code sys/locked-users/<mount accessor>/unlock/<alias>} to lift a lock-out early.
 */
final class LockedUserPaths {
    private LockedUserPaths() {}

    static List<PathSpec> paths(Supplier<LoginLockouts> lockouts, MountTable auth) {
        return List.of(
                PathSpec.path("locked-users")
                        .field(Field.of("mount_accessor", FieldType.STRING, "Only this auth mount."))
                        .read((req, f) -> Response.of(list(lockouts.get(),
                                f.has("mount_accessor") ? f.getString("mount_accessor") : "")))
                        .sudo()
                        .synopsis("Identities locked out after repeated failed logins.")
                        .build(),
                PathSpec.path("locked-users/(?<mount_accessor>[^/]+)/unlock/(?<alias_identifier>.+)")
                        .field(Field.of("mount_accessor", FieldType.STRING, "The auth mount's accessor."))
                        .field(Field.of("alias_identifier", FieldType.STRING, "The locked identity (user name, role id)."))
                        .update((req, f) -> {
                            String accessor = f.getString("mount_accessor");
                            if (auth.byAccessor(accessor).isEmpty()) {
                                throw CofferException.invalid("no auth mount with accessor " + accessor);
                            }
                            lockouts.get().unlock(accessor, f.getString("alias_identifier"));
                            return Response.noContent();
                        })
                        .sudo()
                        .synopsis("Unlock an identity locked out after repeated failed logins.")
                        .build());
    }

    private static Map<String, Object> list(LoginLockouts lockouts, String onlyAccessor) {
        Map<String, List<String>> byMount = new TreeMap<>();
        for (LoginLockouts.Locked l : lockouts.locked()) {
            if (onlyAccessor.isEmpty() || onlyAccessor.equals(l.mountAccessor())) {
                List<String> ids = byMount.computeIfAbsent(l.mountAccessor(), k -> new ArrayList<>());
                if (!ids.contains(l.identity())) {
                    ids.add(l.identity());
                }
            }
        }
        List<Map<String, Object>> mounts = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, List<String>> e : byMount.entrySet()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mount_accessor", e.getKey());
            m.put("counts", e.getValue().size());
            m.put("alias_identifiers", e.getValue());
            mounts.add(m);
            total += e.getValue().size();
        }
        Map<String, Object> ns = new LinkedHashMap<>();
        ns.put("namespace_id", "root");
        ns.put("namespace_path", "");
        ns.put("counts", total);
        ns.put("mount_accessors", mounts);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("by_namespace", total == 0 ? List.of() : List.of(ns));
        out.put("total", total);
        return out;
    }
}
