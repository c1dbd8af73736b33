package dev.coffer.http.config;

import java.util.Map;

/** A {@code storage "<type>" { ... }} block: the type and its options as written. */
public record StorageConfig(String type, Map<String, String> options) {
    public StorageConfig {
        options = Map.copyOf(options);
    }
}
