package dev.coffer.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.token.TokenEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Vault's audit entry shape: {@code time, type, auth{...}, request{...}, response{...}, error},
 * with every token, accessor and string value hashed by the device unless {@code log_raw}.
 * CI identity claims the login put in the token's metadata (repository, ref, job) stay readable:
 * they are who asked, not what was handed out.
 *
 * <p>Lines are written with Jackson's streaming generator, field by field, hashing strings as
 * they are written: no intermediate maps (this runs twice per audited request).
 */
final class AuditFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private AuditFormat() {}

    static byte[] request(AuditRecord r, AuditHasher h, boolean raw) {
        return encode(g -> {
            g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
            g.writeStringField("type", "request");
            auth(g, r.token(), r.clientToken(), h, raw);
            requestPart(g, r, h, raw);
            if (r.error() != null) {
                g.writeStringField("error", r.error());
            }
        });
    }

    static byte[] response(AuditRecord r, AuditHasher h, boolean raw) {
        return encode(g -> {
            g.writeStringField("time", DateTimeFormatter.ISO_INSTANT.format(r.time()));
            g.writeStringField("type", "response");
            auth(g, r.token(), r.clientToken(), h, raw);
            requestPart(g, r, h, raw);
            g.writeObjectFieldStart("response");
            g.writeStringField("mount_type", r.mountType());
            g.writeNumberField("status", r.status());
            if (r.responseData() != null) {
                g.writeFieldName("data");
                value(g, r.responseData(), h, raw);
            }
            if (r.responseAuth() != null) {
                responseAuth(g, r.responseAuth(), h, raw);
            }
            if (r.wrapInfo() != null) {
                g.writeObjectFieldStart("wrap_info");
                secretField(g, "token", r.wrapInfo().token(), h, raw);
                secretField(g, "accessor", r.wrapInfo().accessor(), h, raw);
                g.writeNumberField("ttl", r.wrapInfo().ttl());
                g.writeStringField("creation_path", r.wrapInfo().creationPath());
                g.writeEndObject();
            }
            g.writeEndObject();
            if (r.error() != null) {
                g.writeStringField("error", r.error());
            }
        });
    }

    private static void auth(JsonGenerator g, TokenEntry t, String clientToken, AuditHasher h, boolean raw)
            throws IOException {
        g.writeObjectFieldStart("auth");
        if (clientToken != null && !clientToken.isEmpty()) {
            secretField(g, "client_token", clientToken, h, raw);
        }
        if (t != null) {
            secretField(g, "accessor", t.accessor(), h, raw);
            g.writeStringField("display_name", t.displayName());
            stringList(g, "policies", t.policies());
            stringList(g, "token_policies", t.policies());
            g.writeFieldName("metadata");
            if (t.meta().isEmpty()) {
                g.writeNull();
            } else {
                g.writeStartObject();
                for (Map.Entry<String, String> e : t.meta().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeStringField("token_type", t.type());
            if (t.expireTime() != null) {
                g.writeNumberField("token_ttl", t.ttl().toSeconds());
            }
            g.writeStringField("token_issue_time", DateTimeFormatter.ISO_INSTANT.format(t.creationTime()));
        }
        g.writeEndObject();
    }

    private static void requestPart(JsonGenerator g, AuditRecord r, AuditHasher h, boolean raw) throws IOException {
        g.writeObjectFieldStart("request");
        g.writeStringField("id", r.requestId());
        g.writeStringField("operation", r.operation().capability());
        g.writeStringField("mount_type", r.mountType());
        if (r.clientToken() != null && !r.clientToken().isEmpty()) {
            secretField(g, "client_token", r.clientToken(), h, raw);
        }
        if (r.token() != null) {
            secretField(g, "client_token_accessor", r.token().accessor(), h, raw);
        }
        g.writeObjectFieldStart("namespace");
        g.writeStringField("id", "root");
        g.writeEndObject();
        g.writeStringField("path", r.path());
        if (r.requestData() != null && !r.requestData().isEmpty()) {
            g.writeFieldName("data");
            value(g, r.requestData(), h, raw);
        }
        g.writeStringField("remote_address", r.client().remoteAddress());
        g.writeNumberField("remote_port", r.client().remotePort());
        g.writeEndObject();
    }

    private static void responseAuth(JsonGenerator g, Auth a, AuditHasher h, boolean raw) throws IOException {
        g.writeObjectFieldStart("auth");
        secretField(g, "client_token", a.clientToken(), h, raw);
        secretField(g, "accessor", a.accessor(), h, raw);
        stringList(g, "policies", a.policies());
        stringList(g, "token_policies", a.tokenPolicies());
        g.writeFieldName("metadata");
        if (a.metadata() == null) {
            g.writeNull();
        } else {
            g.writeStartObject();
            for (Map.Entry<String, String> e : a.metadata().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }
        g.writeStringField("token_type", a.tokenType());
        g.writeNumberField("token_ttl", a.leaseDuration());
        g.writeEndObject();
    }

    private static void stringList(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void secretField(JsonGenerator g, String name, String v, AuditHasher h, boolean raw) throws IOException {
        g.writeFieldName(name);
        if (v == null) {
            g.writeNull();
        } else {
            g.writeString(v.isEmpty() || raw ? v : h.hash(v));
        }
    }

    /** Request or response data: every string hashed (unless raw); numbers, booleans and keys kept, as Vault. */
    private static void value(JsonGenerator g, Object v, AuditHasher h, boolean raw) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(raw ? s : h.hash(s));
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue(), h, raw);
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o, h, raw);
            }
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Number || raw) {
            JSON.writeValue(g, v);
        } else {
            // Anything else (a record, a date) is written as Jackson would, then its strings hashed.
            value(g, JSON.convertValue(v, Object.class), h, false);
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] encode(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode an audit entry", ex);
        }
        return out.toByteArray();
    }
}
