package dev.coffer.engines.kv;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON Merge Patch (RFC 7396) on decoded JSON objects: null removes, objects merge, the rest replaces. */
final class MergePatch {
    private MergePatch() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        patch.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else if (v instanceof Map<?, ?> pm) {
                Object existing = out.get(k);
                Map<String, Object> base = existing instanceof Map<?, ?> em ? (Map<String, Object>) em : Map.of();
                out.put(k, apply(base, (Map<String, Object>) pm));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
