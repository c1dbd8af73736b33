package dev.coffer.core.logical;

import dev.coffer.core.token.TokenEntry;
import java.util.Map;

/**
 * One request, the same shape from HTTP to backend. {@code path} is relative to the mount once
 * routed; {@code token}, {@code clientToken} and {@code sudo} are filled in by the core after
 * authentication ({@code sudo}: the token's policies grant sudo on this path).
 */
public record Request(String id, Operation operation, String path, Map<String, Object> data,
                      ClientInfo client, TokenEntry token, String mountPoint, String clientToken, boolean sudo,
                      java.time.Duration wrapTtl) {

    public Request {
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        wrapTtl = wrapTtl == null ? java.time.Duration.ZERO : wrapTtl;
    }

    public static Request of(String id, Operation op, String path, Map<String, Object> data, ClientInfo client) {
        return new Request(id, op, path, data, client, null, "", null, false, java.time.Duration.ZERO);
    }

    /** Asks for the response to be wrapped in a single-use token ({@code X-Vault-Wrap-TTL}). */
    public Request wrapped(java.time.Duration ttl) {
        return new Request(id, operation, path, data, client, token, mountPoint, clientToken, sudo, ttl);
    }

    public Request authenticated(TokenEntry t, String presentedToken, boolean hasSudo) {
        return new Request(id, operation, path, data, client, t, mountPoint, presentedToken, hasSudo, wrapTtl);
    }

    public Request routed(String mount, String relativePath) {
        return new Request(id, operation, relativePath, data, client, token, mount, clientToken, sudo, wrapTtl);
    }

    /** Request data and the token may be secrets: only field names are printed. */
    @Override
    public String toString() {
        return "Request[id=" + id + ", operation=" + operation + ", path=" + mountPoint + path
                + ", fields=" + data.keySet() + "]";
    }
}
