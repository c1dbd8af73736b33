package dev.coffer.http;

import dev.coffer.core.CofferException;
import dev.coffer.core.Core;
import dev.coffer.core.crypto.Random;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Translates HTTP to {@link Request} and {@link Response} back to Vault's JSON envelopes. Nothing
 * else: no decisions about access live here. Paths are {@code /v1/<path>}; the token comes from
 * {@code X-Vault-Token} or {@code Authorization: Bearer}.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final String PREFIX = "/v1/";

    private final Core core;
    private final SysHandlers sys;
    private final long maxRequestBytes;

    public ApiHandler(Core core, long maxRequestBytes) {
        this.core = core;
        this.sys = new SysHandlers(core);
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public boolean handle(org.eclipse.jetty.server.Request http, org.eclipse.jetty.server.Response out,
                          Callback callback) {
        String requestId = Random.uuid();
        int status;
        Object body;
        try {
            Reply r = serve(http, requestId);
            status = r.status;
            body = r.body;
        } catch (CofferException e) {
            status = ErrorMapper.status(e.kind());
            body = Map.of("errors", e.kind() == CofferException.Kind.NOT_FOUND && e.getMessage().isEmpty()
                    ? List.of() : List.of(e.getMessage()));
            if (e.kind() == CofferException.Kind.INTERNAL) {
                LOG.error("request {} failed: {}", requestId, e.getMessage());
            }
        } catch (RuntimeException e) {
            LOG.error("request {} failed with an unexpected error", requestId, e);
            status = 500;
            body = Map.of("errors", List.of("internal error; the server log names request " + requestId));
        }
        out.setStatus(status);
        out.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (body == null || "HEAD".equals(http.getMethod())) {
            if (body != null) {
                out.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            }
            callback.succeeded();
            return true;
        }
        out.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        out.write(true, ByteBuffer.wrap(Json.write(body)), callback);
        return true;
    }

    private record Reply(int status, Object body) {
        static Reply of(SysHandlers.Reply r) {
            return new Reply(r.status(), r.body());
        }
    }

    private Reply serve(org.eclipse.jetty.server.Request http, String requestId) {
        String fullPath = http.getHttpURI().getDecodedPath();
        if (fullPath == null || !fullPath.startsWith(PREFIX)) {
            throw CofferException.notFound("not found: API paths start with /v1/");
        }
        String path = fullPath.substring(PREFIX.length());
        String method = http.getMethod().toUpperCase(Locale.ROOT);
        Map<String, String> query = query(http);
        byte[] raw = readBody(http);

        switch (path) {
            case "sys/health":
                if (method.equals("GET") || method.equals("HEAD")) {
                    return Reply.of(sys.health(query));
                }
                throw CofferException.unsupported("unsupported operation");
            case "sys/init":
                if (method.equals("GET")) {
                    return Reply.of(sys.initStatus());
                }
                if (method.equals("PUT") || method.equals("POST")) {
                    return Reply.of(sys.initialize(Json.parseObject(raw)));
                }
                throw CofferException.unsupported("unsupported operation");
            case "sys/seal-status":
                if (method.equals("GET")) {
                    return Reply.of(sys.sealStatus());
                }
                throw CofferException.unsupported("unsupported operation");
            case "sys/unseal":
                if (method.equals("PUT") || method.equals("POST")) {
                    return Reply.of(sys.unseal(Json.parseObject(raw)));
                }
                throw CofferException.unsupported("unsupported operation");
            default:
                return logical(http, method, path, query, raw, requestId);
        }
    }

    private Reply logical(org.eclipse.jetty.server.Request http, String method, String path,
                          Map<String, String> query, byte[] raw, String requestId) {
        Operation op = switch (method) {
            case "GET" -> isTrue(query.get("list")) ? Operation.LIST : Operation.READ;
            case "LIST" -> Operation.LIST;
            case "PUT", "POST" -> Operation.UPDATE;
            case "PATCH" -> Operation.PATCH;
            case "DELETE" -> Operation.DELETE;
            default -> throw CofferException.unsupported("unsupported operation");
        };
        Map<String, Object> data = new LinkedHashMap<>();
        if (op == Operation.READ || op == Operation.LIST) {
            query.forEach((k, v) -> {
                if (!k.equals("list")) {
                    data.put(k, v);
                }
            });
        } else {
            data.putAll(Json.parseObject(raw));
        }
        ClientInfo client = new ClientInfo(org.eclipse.jetty.server.Request.getRemoteAddr(http),
                org.eclipse.jetty.server.Request.getRemotePort(http));
        Request request = Request.of(requestId, op, path, data, client);
        Response response = core.handle(token(http), request);
        if (response.isEmpty()) {
            return new Reply(204, null);
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("request_id", requestId);
        envelope.put("lease_id", "");
        envelope.put("renewable", false);
        envelope.put("lease_duration", 0);
        envelope.put("data", response.data());
        envelope.put("wrap_info", null);
        envelope.put("warnings", response.warnings().isEmpty() ? null : response.warnings());
        envelope.put("auth", null);
        envelope.put("mount_type", core.mountType(path).orElse(""));
        return new Reply(200, envelope);
    }

    private static boolean isTrue(String v) {
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
    }

    private static String token(org.eclipse.jetty.server.Request http) {
        String t = http.getHeaders().get("X-Vault-Token");
        if (t != null && !t.isEmpty()) {
            return t.trim();
        }
        String auth = http.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return "";
    }

    private static Map<String, String> query(org.eclipse.jetty.server.Request http) {
        Map<String, String> q = new LinkedHashMap<>();
        Fields fields = org.eclipse.jetty.server.Request.extractQueryParameters(http);
        for (Fields.Field f : fields) {
            q.put(f.getName(), f.getValue());
        }
        return q;
    }

    /** Reads the body, refusing it with 413 past the limit — before reading it when the length is declared. */
    private byte[] readBody(org.eclipse.jetty.server.Request http) {
        long declared = http.getLength();
        if (declared > maxRequestBytes) {
            throw tooLarge();
        }
        try (InputStream in = Content.Source.asInputStream(http)) {
            byte[] buf = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxRequestBytes + 1));
            if (buf.length > maxRequestBytes) {
                throw tooLarge();
            }
            return buf;
        } catch (IOException e) {
            throw CofferException.invalid("failed to read the request body: " + e.getClass().getSimpleName());
        }
    }

    private CofferException tooLarge() {
        return new CofferException(CofferException.Kind.PAYLOAD_TOO_LARGE,
                "request body is larger than the limit of " + maxRequestBytes + " bytes");
    }
}
