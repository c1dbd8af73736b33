package dev.coffer.core.logical;

import java.util.List;
import java.util.Map;

/**
 * A backend's answer; the HTTP layer wraps it in Vault's envelope. No data, auth or warnings
 * means 204. {@code status} 0 means the usual (200/204); a backend sets another where Vault
 * answers with one and a body (KV v2's deleted version: 404 with its metadata).
 */
public record Response(int status, Map<String, Object> data, List<String> warnings, Auth auth, WrapInfo wrapInfo,
                       Login login) {

    public Response(int status, Map<String, Object> data, List<String> warnings, Auth auth, WrapInfo wrapInfo) {
        this(status, data, warnings, auth, wrapInfo, null);
    }

    /** A successful login: the core mints the token and replaces this with an {@code auth} response. */
    public static Response ofLogin(Login login) {
        return new Response(0, null, List.of(), null, null, java.util.Objects.requireNonNull(login));
    }

    public Response {
        data = data == null ? null : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public static Response of(Map<String, Object> data) {
        return new Response(0, data, List.of(), null, null);
    }

    public static Response noContent() {
        return new Response(0, null, List.of(), null, null);
    }

    public static Response ofAuth(Auth auth, Map<String, Object> data) {
        return new Response(0, data, List.of(), auth, null);
    }

    /** The response a wrapping token stands for: no data, only {@code wrap_info}. */
    public static Response ofWrap(WrapInfo wrap) {
        return new Response(0, null, List.of(), null, wrap);
    }

    public Response withStatus(int newStatus) {
        return new Response(newStatus, data, warnings, auth, wrapInfo, login);
    }

    public Response withWarning(String warning) {
        List<String> w = new java.util.ArrayList<>(warnings);
        w.add(warning);
        return new Response(status, data, w, auth, wrapInfo, login);
    }

    public boolean isEmpty() {
        return data == null && warnings.isEmpty() && auth == null && wrapInfo == null && login == null;
    }

    @Override
    public String toString() {
        return "Response[status=" + status + ", fields=" + (data == null ? "none" : data.keySet()) + ", warnings="
                + warnings.size() + ", auth=" + (auth == null ? "none" : "[redacted]") + "]";
    }
}
