package dev.coffer.core.logical;

import dev.coffer.core.token.TokenEntry;
import java.util.Map;

/**
 * One request, the same shape from HTTP to backend. {@code path} is relative to the mount once
 * routed; {@code token} is filled in by the core after authentication.
 */
public record Request(String id, Operation operation, String path, Map<String, Object> data,
                      ClientInfo client, TokenEntry token, String mountPoint) {

    public Request {
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
    }

    public static Request of(String id, Operation op, String path, Map<String, Object> data, ClientInfo client) {
        return new Request(id, op, path, data, client, null, "");
    }

    public Request withToken(TokenEntry t) {
        return new Request(id, operation, path, data, client, t, mountPoint);
    }

    public Request routed(String mount, String relativePath) {
        return new Request(id, operation, relativePath, data, client, token, mount);
    }

    /** Request data may hold secrets: only field names are printed. */
    @Override
    public String toString() {
        return "Request[id=" + id + ", operation=" + operation + ", path=" + mountPoint + path
                + ", fields=" + data.keySet() + "]";
    }
}
