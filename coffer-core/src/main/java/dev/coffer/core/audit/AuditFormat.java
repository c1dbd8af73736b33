package dev.coffer.core.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.Rfc3339;
import dev.coffer.core.token.TokenEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One device's encoder of Vault's audit entry shape: {@code time, type, auth{...}, request{...},
 * response{...}, error}, with every token, accessor and string value hashed with the device's key
 * unless {@code log_raw}. CI identity claims the login put in the token's metadata (repository,
 * ref, job) stay readable: they are who asked, not what was handed out.
 *
 * <p>This runs for every audited request, so: the {@code auth} and {@code request} objects are
 * encoded once and shared by the request line and the response line; a token's own fields (hashed
 * accessor, policies, metadata, times) are encoded once per token entry and kept in a small cache
 * keyed by the entry's identity (entries are immutable; a changed token is a new entry); the
 * presented client token is hashed once per exchange and never cached. Parts are streamed by
 * Jackson's generator, hashing strings as they are written.
 */
final class AuditFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final int TOKEN_SLOTS = 256;
    private static final byte[] TIME = ascii("{\"time\":\"");
    private static final byte[] TYPE_REQUEST = ascii("\",\"type\":\"request\",\"auth\":");
    private static final byte[] TYPE_RESPONSE = ascii("\",\"type\":\"response\",\"auth\":");
    private static final byte[] REQUEST = ascii(",\"request\":");
    private static final byte[] RESPONSE = ascii(",\"response\":");
    private static final byte[] ERROR = ascii(",\"error\":\"");
    private static final byte[] CLIENT_TOKEN = ascii("{\"client_token\":\"");
    private static final byte[] EMPTY_OBJECT = ascii("{}");
    private static final byte[] OPEN = ascii("{");
    private static final byte[] CLOSE = ascii("}");
    private static final byte[] QUOTE_CLOSE = ascii("\"}");
    private static final byte[] QUOTE_COMMA = ascii("\",");

    private final AuditHasher hasher;
    private final boolean raw;
    private final AtomicReferenceArray<TokenPart> tokens = new AtomicReferenceArray<>(TOKEN_SLOTS);

    /** A token entry's encoded auth fields (without braces) and its accessor as written (JSON string contents). */
    private record TokenPart(TokenEntry entry, byte[] accessor, byte[] authFields) {}

    /** What the request line and the response line of one request share. */
    private record Shared(byte[] auth, byte[] request) {}

    AuditFormat(AuditHasher hasher, boolean raw) {
        this.hasher = hasher;
        this.raw = raw;
    }

    AuditHasher hasher() {
        return hasher;
    }

    byte[] request(AuditRecord r) {
        return line(r, TYPE_REQUEST, shared(r), null);
    }

    byte[] response(AuditRecord r) {
        return line(r, TYPE_RESPONSE, shared(r), responsePart(r));
    }

    /** A request's two lines; the parts they share are encoded (and hashed) once. */
    byte[][] exchange(AuditRecord request, AuditRecord response) {
        Shared s = shared(request);
        Shared t = sameRequest(request, response) ? s : shared(response);
        return new byte[][] {line(request, TYPE_REQUEST, s, null), line(response, TYPE_RESPONSE, t, responsePart(response))};
    }

    private static boolean sameRequest(AuditRecord a, AuditRecord b) {
        return a.requestId().equals(b.requestId()) && a.token() == b.token() && a.clientToken() == b.clientToken()
                && a.path().equals(b.path()) && a.requestData() == b.requestData() && a.client() == b.client()
                && a.operation() == b.operation() && a.mountType().equals(b.mountType());
    }

    private Shared shared(AuditRecord r) {
        byte[] clientToken = r.clientToken() == null || r.clientToken().isEmpty() ? null : secret(r.clientToken());
        TokenPart t = r.token() == null ? null : tokenPart(r.token());
        byte[] auth;
        if (clientToken == null) {
            auth = t == null ? EMPTY_OBJECT : concat(OPEN, t.authFields(), CLOSE);
        } else {
            auth = t == null
                    ? concat(CLIENT_TOKEN, clientToken, QUOTE_CLOSE)
                    : concat(CLIENT_TOKEN, clientToken, QUOTE_COMMA, t.authFields(), CLOSE);
        }
        byte[] request = encode(g -> {
            g.writeStartObject();
            g.writeStringField("id", r.requestId());
            g.writeStringField("operation", r.operation().capability());
            g.writeStringField("mount_type", r.mountType());
            if (clientToken != null) {
                g.writeFieldName("client_token");
                g.writeRawUTF8String(clientToken, 0, clientToken.length);
            }
            if (t != null) {
                rawString(g, "client_token_accessor", t.accessor());
            }
            g.writeObjectFieldStart("namespace");
            g.writeStringField("id", "root");
            g.writeEndObject();
            g.writeStringField("path", r.path());
            if (r.requestData() != null && !r.requestData().isEmpty()) {
                g.writeFieldName("data");
                value(g, r.requestData());
            }
            g.writeStringField("remote_address", r.client().remoteAddress());
            g.writeNumberField("remote_port", r.client().remotePort());
            g.writeEndObject();
        });
        return new Shared(auth, request);
    }

    private TokenPart tokenPart(TokenEntry t) {
        int slot = System.identityHashCode(t) & (TOKEN_SLOTS - 1);
        TokenPart p = tokens.get(slot);
        if (p != null && p.entry() == t) {
            return p;
        }
        byte[] accessor = t.accessor() == null ? null : secret(t.accessor());
        byte[] object = encode(g -> {
            g.writeStartObject();
            rawString(g, "accessor", accessor);
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
            g.writeStringField("token_issue_time", Rfc3339.format(t.creationTime()));
            g.writeEndObject();
        });
        p = new TokenPart(t, accessor, java.util.Arrays.copyOfRange(object, 1, object.length - 1));
        tokens.set(slot, p);
        return p;
    }

    private byte[] responsePart(AuditRecord r) {
        return encode(g -> {
            g.writeStartObject();
            g.writeStringField("mount_type", r.mountType());
            g.writeNumberField("status", r.status());
            if (r.responseData() != null) {
                g.writeFieldName("data");
                value(g, r.responseData());
            }
            if (r.responseAuth() != null) {
                responseAuth(g, r.responseAuth());
            }
            if (r.wrapInfo() != null) {
                g.writeObjectFieldStart("wrap_info");
                secretField(g, "token", r.wrapInfo().token());
                secretField(g, "accessor", r.wrapInfo().accessor());
                g.writeNumberField("ttl", r.wrapInfo().ttl());
                g.writeStringField("creation_path", r.wrapInfo().creationPath());
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private static byte[] line(AuditRecord r, byte[] type, Shared s, byte[] response) {
        byte[] time = ascii(Rfc3339.format(r.time()));
        byte[] error = r.error() == null ? null : JsonStringEncoder.getInstance().quoteAsUTF8(r.error());
        return concat(TIME, time, type, s.auth(), REQUEST, s.request(),
                response == null ? null : RESPONSE, response,
                error == null ? null : ERROR, error, error == null ? CLOSE : QUOTE_CLOSE);
    }

    private void responseAuth(JsonGenerator g, Auth a) throws IOException {
        g.writeObjectFieldStart("auth");
        secretField(g, "client_token", a.clientToken());
        secretField(g, "accessor", a.accessor());
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

    /** Writes JSON string contents that need no escaping (a hash, or contents escaped already), or null. */
    private static void rawString(JsonGenerator g, String name, byte[] contents) throws IOException {
        g.writeFieldName(name);
        if (contents == null) {
            g.writeNull();
        } else {
            g.writeRawUTF8String(contents, 0, contents.length);
        }
    }

    /** A secret as JSON string contents: its hash (ASCII, nothing to escape), or escaped when raw. */
    private byte[] secret(String v) {
        return v.isEmpty() || raw ? quote(v) : hasher.hashAscii(v);
    }

    private void secretField(JsonGenerator g, String name, String v) throws IOException {
        rawString(g, name, v == null ? null : secret(v));
    }

    /** Request or response data: every string hashed (unless raw); numbers, booleans and keys kept, as Vault. */
    private void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            if (raw) {
                g.writeString(s);
            } else {
                byte[] b = hasher.hashAscii(s);
                g.writeRawUTF8String(b, 0, b.length);
            }
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer i) {
            g.writeNumber(i.intValue());   // what Jackson's serializer writes, without looking it up
        } else if (v instanceof Long l) {
            g.writeNumber(l.longValue());
        } else if (v instanceof Number || raw) {
            JSON.writeValue(g, v);
        } else {
            // Anything else (a record, a date) is written as Jackson would, then its strings hashed.
            value(g, JSON.convertValue(v, Object.class));
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] encode(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode an audit entry", ex);
        }
        return out.toByteArray();
    }

    /** A string as JSON string contents, escaped (raw values; hashes need no escaping). */
    private static byte[] quote(String s) {
        return JsonStringEncoder.getInstance().quoteAsUTF8(s);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p == null ? 0 : p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            if (p != null) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
