package dev.coffer.core.sys;

import dev.coffer.core.Core;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sys/metrics}: the core's counters in Vault's JSON shape (Gauges, Counters). The HTTP
 * layer answers {@code ?format=prometheus} itself from its meter registry, after the core has
 * authorised and audited the request through this path.
 */
final class MetricsPaths {
    private MetricsPaths() {}

    static List<PathSpec> paths(Core core) {
        return List.of(PathSpec.path("metrics")
                .field(Field.of("format", FieldType.STRING, "Empty for JSON, or 'prometheus'."))
                .read((req, f) -> Response.of(json(core)))
                .synopsis("Counters and gauges: audit refusals, failed logins, seal and audit state.")
                .build());
    }

    private static Map<String, Object> json(Core core) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Timestamp", DateTimeFormatter.ISO_INSTANT.format(core.clock().instant()));
        m.put("Gauges", List.of(
                gauge("coffer.core.unsealed", core.isSealed() ? 0 : 1),
                gauge("coffer.audit.degraded", core.auditDegraded() ? 1 : 0)));
        m.put("Counters", List.of(
                counter("coffer.audit.refused_requests", core.auditRefusals()),
                counter("coffer.login.failures", core.lockouts().failedLogins())));
        m.put("Samples", List.of());
        return m;
    }

    private static Map<String, Object> gauge(String name, long value) {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("Name", name);
        g.put("Value", value);
        g.put("Labels", Map.of());
        return g;
    }

    private static Map<String, Object> counter(String name, long count) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Name", name);
        c.put("Count", count);
        c.put("Sum", count);
        c.put("Labels", Map.of());
        return c;
    }
}
