package dev.coffer.core.audit;

import java.util.Map;

/** A device as stored in {@code core/audit/devices} and listed by {@code sys/audit}. */
public record AuditDeviceConfig(String path, String type, String description, Map<String, String> options, boolean local) {
    public AuditDeviceConfig {
        options = Map.copyOf(options);
        description = description == null ? "" : description;
    }
}
