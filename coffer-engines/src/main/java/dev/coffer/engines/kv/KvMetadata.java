package dev.coffer.engines.kv;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A KV v2 secret's metadata, stored as JSON at {@code metadata/<path>}: its versions and settings.
 * Mutable; always changed under the path's lock and written in the same transaction as the
 * version data it describes. Times are epoch milliseconds.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
final class KvMetadata {
    long createdTime;
    long updatedTime;
    int currentVersion;
    int oldestVersion;
    int maxVersions;
    boolean casRequired;
    long deleteVersionAfter;
    Map<String, String> customMetadata;
    TreeMap<Integer, Version> versions = new TreeMap<>();

    @JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
            isGetterVisibility = JsonAutoDetect.Visibility.NONE)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    static final class Version {
        long createdTime;
        /** Null: not deleted; otherwise when it was (or will be, with delete_version_after) deleted. */
        Long deletionTime;
        boolean destroyed;

        boolean isDeletedAt(long now) {
            return destroyed || (deletionTime != null && deletionTime <= now);
        }
    }

    /** A deep copy: cached metadata is never handed out to be changed. */
    KvMetadata copy() {
        KvMetadata c = new KvMetadata();
        c.createdTime = createdTime;
        c.updatedTime = updatedTime;
        c.currentVersion = currentVersion;
        c.oldestVersion = oldestVersion;
        c.maxVersions = maxVersions;
        c.casRequired = casRequired;
        c.deleteVersionAfter = deleteVersionAfter;
        c.customMetadata = customMetadata == null ? null : new java.util.TreeMap<>(customMetadata);
        versions.forEach((n, v) -> {
            Version x = new Version();
            x.createdTime = v.createdTime;
            x.deletionTime = v.deletionTime;
            x.destroyed = v.destroyed;
            c.versions.put(n, x);
        });
        return c;
    }

    Map<String, Object> versionView(int number) {
        Version v = versions.get(number);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created_time", Times.rfc3339(v.createdTime));
        m.put("custom_metadata", customMetadata == null || customMetadata.isEmpty() ? null : customMetadata);
        m.put("deletion_time", v.deletionTime == null ? "" : Times.rfc3339(v.deletionTime));
        m.put("destroyed", v.destroyed);
        m.put("version", number);
        return m;
    }

    Map<String, Object> view(int effectiveMaxVersions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cas_required", casRequired);
        m.put("created_time", Times.rfc3339(createdTime));
        m.put("current_version", currentVersion);
        m.put("custom_metadata", customMetadata == null || customMetadata.isEmpty() ? null : customMetadata);
        m.put("delete_version_after", Times.goDuration(deleteVersionAfter));
        m.put("max_versions", maxVersions);
        m.put("oldest_version", oldestVersion);
        m.put("updated_time", Times.rfc3339(updatedTime));
        Map<String, Object> vs = new LinkedHashMap<>();
        versions.forEach((n, v) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("created_time", Times.rfc3339(v.createdTime));
            x.put("deletion_time", v.deletionTime == null ? "" : Times.rfc3339(v.deletionTime));
            x.put("destroyed", v.destroyed);
            vs.put(String.valueOf(n), x);
        });
        m.put("versions", vs);
        return m;
    }
}
