package dev.coffer.core.sys;

import dev.coffer.core.CofferException;
import dev.coffer.core.audit.AuditBroker;
import dev.coffer.core.audit.AuditDeviceConfig;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * {@code sys/audit} (list, enable, disable — sudo), {@code sys/audit-hash/<device>} (the HMAC a
 * device would write for a value, to search a log for a leaked secret without writing it anywhere)
 * and {@code sys/audit-head/<device>} (beyond Vault: the signed chain head, so a client can tell a
 * truncated log from a complete one).
 */
final class AuditPaths {
    private AuditPaths() {}

    static List<PathSpec> paths(Supplier<AuditBroker> broker) {
        Field path = Field.of("path", FieldType.STRING, "The device's path, e.g. file.");
        return List.of(
                PathSpec.path("audit/?").sudo()
                        .read((req, f) -> Response.of(listAll(get(broker))))
                        .synopsis("List the enabled audit devices.").build(),
                PathSpec.path("audit/(?<path>.+)").field(path).sudo()
                        .field(Field.of("type", FieldType.STRING, "file, socket or syslog."))
                        .field(Field.of("description", FieldType.STRING, "Human-friendly description."))
                        .field(Field.of("options", FieldType.MAP, "file_path, address, rotate_bytes, spool_path, log_raw, ..."))
                        .field(Field.of("local", FieldType.BOOL, "Accepted for compatibility."))
                        .update((req, f) -> {
                            if (!f.has("type")) {
                                throw CofferException.invalid("missing required field 'type'");
                            }
                            get(broker).enable(new AuditDeviceConfig(devicePath(f), f.getString("type"),
                                    f.has("description") ? f.getString("description") : "", options(f), f.getBool("local")));
                            return Response.noContent();
                        })
                        .on(Operation.DELETE, (req, f) -> {
                            get(broker).disable(devicePath(f));
                            return Response.noContent();
                        })
                        .synopsis("Enable or disable an audit device.").build(),
                PathSpec.path("audit-hash/(?<path>.+)").field(path).sudo()
                        .field(Field.of("input", FieldType.STRING, "The value to hash.").asRequired().asSensitive())
                        .update((req, f) -> Response.of(Map.of("hash", get(broker).hash(devicePath(f), f.getString("input")))))
                        .synopsis("The hash a device writes for a value.").build(),
                PathSpec.path("audit-head/(?<path>.+)").field(path)
                        .read((req, f) -> Response.of(get(broker).head(devicePath(f))))
                        .synopsis("The device's signed chain head: the last sequence number and line hash.").build());
    }

    private static AuditBroker get(Supplier<AuditBroker> b) {
        AuditBroker a = b.get();
        if (a == null) {
            throw CofferException.sealed();
        }
        return a;
    }

    private static String devicePath(FieldData f) {
        String p = f.getString("path");
        return p.endsWith("/") ? p : p + "/";
    }

    private static Map<String, String> options(FieldData f) {
        Map<String, String> out = new TreeMap<>();
        if (f.has("options")) {
            ((Map<?, ?>) f.get("options")).forEach((k, v) -> {
                if (v == null || v instanceof Map || v instanceof List) {
                    throw CofferException.invalid("audit option '" + k + "' must be a string");
                }
                out.put(String.valueOf(k), String.valueOf(v));
            });
        }
        return out;
    }

    private static Map<String, Object> listAll(AuditBroker b) {
        Map<String, Object> all = new TreeMap<>();
        for (AuditDeviceConfig c : b.list()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", c.type());
            m.put("description", c.description());
            m.put("options", c.options());
            m.put("local", c.local());
            m.put("path", c.path());
            all.put(c.path(), m);
        }
        return all;
    }
}
