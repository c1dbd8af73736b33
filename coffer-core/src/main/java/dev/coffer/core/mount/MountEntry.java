package dev.coffer.core.mount;

import java.util.Map;

/**
 * One row of the mount table, as stored (JSON in the barrier at {@code core/mounts}) and as
 * {@code sys/mounts} shows it. {@code path} ends with {@code /}; data lives under
 * {@code logical/<uuid>/}.
 */
public record MountEntry(String path, String type, String description, String uuid, String accessor,
                         long defaultLeaseTtl, long maxLeaseTtl, Map<String, String> options, boolean local,
                         boolean sealWrap) {

    public MountEntry {
        options = Map.copyOf(options);
        description = description == null ? "" : description;
    }

    public String storagePrefix() {
        return "logical/" + uuid + "/";
    }

    MountEntry withTune(String newDescription, long newDefault, long newMax, Map<String, String> newOptions) {
        return new MountEntry(path, type, newDescription, uuid, accessor, newDefault, newMax, newOptions, local, sealWrap);
    }
}
