package dev.coffer.core.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.token.TokenEntry;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Vault's audit entry shape: {@code time, type, auth{...}, request{...}, response{...}, error},
 * with every token, accessor and string value hashed by the device unless {@code log_raw}.
 * CI identity claims the login put in the token's metadata (repository, ref, job) stay readable:
 * they are who asked, not what was handed out.
 */
final class AuditFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditFormat() {}

    static byte[] request(AuditRecord r, AuditHasher h, boolean raw) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
        e.put("type", "request");
        e.put("auth", auth(r.token(), r.clientToken(), h, raw));
        e.put("request", requestPart(r, h, raw));
        if (r.error() != null) {
            e.put("error", r.error());
        }
        return encode(e);
    }

    static byte[] response(AuditRecord r, AuditHasher h, boolean raw) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
        e.put("type", "response");
        e.put("auth", auth(r.token(), r.clientToken(), h, raw));
        e.put("request", requestPart(r, h, raw));
        Map<String, Object> resp = new LinkedHashMap<>();
        resp.put("mount_type", r.mountType());
        resp.put("status", r.status());
        if (r.responseData() != null) {
            resp.put("data", raw ? r.responseData() : h.hashStrings(r.responseData()));
        }
        if (r.responseAuth() != null) {
            resp.put("auth", responseAuth(r.responseAuth(), h, raw));
        }
        if (r.wrapInfo() != null) {
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("token", secret(r.wrapInfo().token(), h, raw));
            w.put("accessor", secret(r.wrapInfo().accessor(), h, raw));
            w.put("ttl", r.wrapInfo().ttl());
            w.put("creation_path", r.wrapInfo().creationPath());
            resp.put("wrap_info", w);
        }
        e.put("response", resp);
        if (r.error() != null) {
            e.put("error", r.error());
        }
        return encode(e);
    }

    private static Map<String, Object> auth(TokenEntry t, String clientToken, AuditHasher h, boolean raw) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (clientToken != null && !clientToken.isEmpty()) {
            a.put("client_token", secret(clientToken, h, raw));
        }
        if (t != null) {
            a.put("accessor", secret(t.accessor(), h, raw));
            a.put("display_name", t.displayName());
            a.put("policies", t.policies());
            a.put("token_policies", t.policies());
            a.put("metadata", t.meta().isEmpty() ? null : t.meta());
            a.put("token_type", t.type());
            if (t.expireTime() != null) {
                a.put("token_ttl", t.ttl().toSeconds());
            }
            a.put("token_issue_time", DateTimeFormatter.ISO_INSTANT.format(t.creationTime()));
        }
        return a;
    }

    private static Map<String, Object> requestPart(AuditRecord r, AuditHasher h, boolean raw) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("id", r.requestId());
        q.put("operation", r.operation().capability());
        q.put("mount_type", r.mountType());
        if (r.clientToken() != null && !r.clientToken().isEmpty()) {
            q.put("client_token", secret(r.clientToken(), h, raw));
        }
        if (r.token() != null) {
            q.put("client_token_accessor", secret(r.token().accessor(), h, raw));
        }
        q.put("namespace", Map.of("id", "root"));
        q.put("path", r.path());
        if (r.requestData() != null && !r.requestData().isEmpty()) {
            q.put("data", raw ? r.requestData() : h.hashStrings(r.requestData()));
        }
        q.put("remote_address", r.client().remoteAddress());
        q.put("remote_port", r.client().remotePort());
        return q;
    }

    private static Map<String, Object> responseAuth(Auth a, AuditHasher h, boolean raw) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_token", secret(a.clientToken(), h, raw));
        m.put("accessor", secret(a.accessor(), h, raw));
        m.put("policies", a.policies());
        m.put("token_policies", a.tokenPolicies());
        m.put("metadata", a.metadata());
        m.put("token_type", a.tokenType());
        m.put("token_ttl", a.leaseDuration());
        return m;
    }

    private static String secret(String v, AuditHasher h, boolean raw) {
        if (v == null || v.isEmpty()) {
            return v;
        }
        return raw ? v : h.hash(v);
    }

    private static byte[] encode(Map<String, Object> e) {
        try {
            return JSON.writeValueAsBytes(e);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode an audit entry", ex);
        }
    }
}
