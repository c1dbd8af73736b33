package dev.coffer.core.logical;

import java.util.List;
import java.util.Map;

/** A backend's answer; the HTTP layer wraps it in Vault's envelope. No data means 204. */
public record Response(Map<String, Object> data, List<String> warnings) {

    public Response {
        data = data == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static Response of(Map<String, Object> data) {
        return new Response(data, List.of());
    }

    public static Response noContent() {
        return new Response(null, List.of());
    }

    public boolean isEmpty() {
        return data == null && warnings.isEmpty();
    }

    @Override
    public String toString() {
        return "Response[fields=" + (data == null ? "none" : data.keySet()) + ", warnings=" + warnings.size() + "]";
    }
}
