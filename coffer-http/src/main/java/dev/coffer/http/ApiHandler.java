package dev.coffer.http;

import dev.coffer.core.CofferException;
import dev.coffer.core.Core;
import dev.coffer.core.crypto.Random;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.WrapInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
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

    /** How much of an oversized body is read and thrown away so the 413 reaches the client. */
    private static final int DRAIN_LIMIT = 2 * 1024 * 1024;

    private final Core core;
    private final SysHandlers sys;
    private final HttpMetrics metrics;
    private final java.util.function.ToLongFunction<org.eclipse.jetty.server.Connector> maxRequestBytes;

    /** @param maxRequestBytes the body limit of the listener (connector) a request came in on */
    public ApiHandler(Core core, java.util.function.ToLongFunction<org.eclipse.jetty.server.Connector> maxRequestBytes) {
        this.core = core;
        this.metrics = new HttpMetrics(core);
        this.sys = new SysHandlers(core);
        this.maxRequestBytes = maxRequestBytes;
    }

    /** One limit for every listener (tests). */
    public ApiHandler(Core core, long maxRequestBytes) {
        this(core, c -> maxRequestBytes);
    }

    /**
     * Serves one request. A read's answer is held until the audit devices have recorded it, without
     * holding a thread: the reply is prepared (JSON encoded) here and sent from the audit writer's
     * completion, or replaced by the refusal if no device recorded it.
     */
    @Override
    public boolean handle(org.eclipse.jetty.server.Request http, org.eclipse.jetty.server.Response out,
                          Callback callback) {
        String requestId = Random.requestId();
        Reply r;
        try {
            r = serve(http, requestId);
        } catch (RuntimeException e) {
            r = failure(e, requestId);
        }
        java.util.concurrent.CompletableFuture<Void> recorded = r.recorded;
        if (recorded == null || (recorded.isDone() && !recorded.isCompletedExceptionally())) {
            send(http, out, callback, r);
            return true;
        }
        Reply prepared = r.encoded();
        recorded.whenComplete((ok, err) -> {
            try {
                send(http, out, callback, err == null ? prepared
                        : failure(err instanceof java.util.concurrent.CompletionException ce && ce.getCause() != null
                                ? ce.getCause() : err, requestId));
            } catch (Throwable t) {
                LOG.error("request {}: the reply could not be sent", requestId, t);
                callback.failed(t);
            }
        });
        return true;
    }

    private Reply failure(Throwable t, String requestId) {
        if (t instanceof CofferException e) {
            if (e.kind() == CofferException.Kind.INTERNAL) {
                LOG.error("request {} failed: {}", requestId, e.getMessage());
            }
            return new Reply(e.kind().httpStatus(), Map.of("errors",
                    e.kind() == CofferException.Kind.NOT_FOUND && e.getMessage().isEmpty() ? List.of() : List.of(e.getMessage())),
                    e.kind() == CofferException.Kind.PAYLOAD_TOO_LARGE, null);
        }
        LOG.error("request {} failed with an unexpected error", requestId, t);
        return new Reply(500, Map.of("errors", List.of("internal error; the server log names request " + requestId)), false, null);
    }

    private void send(org.eclipse.jetty.server.Request http, org.eclipse.jetty.server.Response out, Callback callback,
                      Reply r) {
        Object body = r.body;
        out.setStatus(r.status);
        metrics.response(r.status);
        if (r.closeConnection) {
            out.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        out.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (body instanceof PlainText text) {
            out.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
            out.write(true, ByteBuffer.wrap(text.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
            return;
        }
        if (body == null || "HEAD".equals(http.getMethod())) {
            if (body != null) {
                out.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            }
            callback.succeeded();
            return;
        }
        out.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        out.write(true, ByteBuffer.wrap(body instanceof byte[] json ? json : Json.write(body)), callback);
    }

    private static final byte[] EMPTY_BODY = new byte[0];

    /** A body sent as it is, not as JSON (the Prometheus exposition format). */
    private record PlainText(String text) {}

    /**
     * An answer: its status and body (a map to encode as JSON, JSON bytes, or {@link PlainText});
     * {@code recorded}, when not null, must complete before it is sent.
     */
    private record Reply(int status, Object body, boolean closeConnection, java.util.concurrent.CompletableFuture<Void> recorded) {
        Reply(int status, Object body) {
            this(status, body, false, null);
        }

        /** The same reply with its JSON body encoded now, on the request's thread. */
        Reply encoded() {
            return body instanceof Map<?, ?> || body instanceof List<?>
                    ? new Reply(status, Json.write(body), closeConnection, recorded) : this;
        }

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
                org.eclipse.jetty.server.Request.getRemotePort(http), peerCertificates(http));
        Request request = Request.of(requestId, op, path, data, client);
        String wrapTtl = http.getHeaders().get("X-Vault-Wrap-TTL");
        if (wrapTtl != null && !wrapTtl.isBlank()) {
            request = request.wrapped(FieldData.parseDuration("X-Vault-Wrap-TTL", wrapTtl.trim()));
        }
        Core.Answer answer = core.handleAsync(token(http), request);
        if (answer.response() == null) {
            return new Reply(0, null, false, answer.recorded());
        }
        Reply reply;
        try {
            reply = render(answer.response(), answer.mountType(), path, op, query, requestId);
        } catch (RuntimeException e) {
            // Even a failure to render waits until the exchange is recorded.
            return new Reply(0, null, false, answer.recorded().thenCompose(v -> java.util.concurrent.CompletableFuture.failedFuture(e)));
        }
        return new Reply(reply.status, reply.body, false, answer.recorded());
    }

    private Reply render(Response response, String mountType, String path, Operation op, Map<String, String> query,
                         String requestId) {
        if (path.equals("sys/metrics") && op == Operation.READ) {
            // Authorised and audited by the core; Vault answers this path without its envelope.
            return "prometheus".equals(query.get("format"))
                    ? new Reply(200, new PlainText(metrics.scrape())) : new Reply(200, response.data());
        }
        if (response.isEmpty() && response.status() == 0) {
            return new Reply(204, null);
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("request_id", requestId);
        envelope.put("lease_id", "");
        envelope.put("renewable", false);
        envelope.put("lease_duration", 0);
        envelope.put("data", response.data());
        envelope.put("wrap_info", response.wrapInfo() == null ? null : wrapInfo(response.wrapInfo()));
        envelope.put("warnings", response.warnings().isEmpty() ? null : response.warnings());
        envelope.put("auth", response.auth() == null ? null : auth(response.auth()));
        envelope.put("mount_type", mountType);
        if ("system".equals(mountType) && response.data() != null) {
            // Vault answers sys/ paths with the data also at the top level, and older clients
            // (node-vault's getPolicy, scripts reading sys/mounts) read it there.
            response.data().forEach(envelope::putIfAbsent);
        }
        return new Reply(response.status() == 0 ? 200 : response.status(), envelope);
    }

    /**
     * The client chain the TLS handshake verified (leaf first), from the session data Jetty's
     * {@code SecureRequestCustomizer} attaches; empty on plain HTTP or when none was presented.
     */
    private static List<X509Certificate> peerCertificates(org.eclipse.jetty.server.Request http) {
        if (http.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl) {
            X509Certificate[] chain = ssl.peerCertificates();
            return chain == null ? List.of() : List.of(chain);
        }
        return List.of();
    }

    private static Map<String, Object> wrapInfo(WrapInfo w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", w.token());
        m.put("accessor", w.accessor());
        m.put("ttl", w.ttl());
        m.put("creation_time", java.time.format.DateTimeFormatter.ISO_INSTANT.format(w.creationTime()));
        m.put("creation_path", w.creationPath());
        if (!w.wrappedAccessor().isEmpty()) {
            m.put("wrapped_accessor", w.wrappedAccessor());
        }
        return m;
    }

    private static Map<String, Object> auth(Auth a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("client_token", a.clientToken());
        m.put("accessor", a.accessor());
        m.put("policies", a.policies());
        m.put("token_policies", a.tokenPolicies());
        m.put("identity_policies", null);
        m.put("metadata", a.metadata());
        m.put("lease_duration", a.leaseDuration());
        m.put("renewable", a.renewable());
        m.put("entity_id", "");
        m.put("token_type", a.tokenType());
        m.put("orphan", a.orphan());
        m.put("mfa_requirement", null);
        m.put("num_uses", a.numUses());
        return m;
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
        long limit = maxRequestBytes.applyAsLong(http.getConnectionMetaData().getConnector());
        long declared = http.getLength();
        if (declared == 0 || (declared < 0 && !http.getHeaders().contains(HttpHeader.TRANSFER_ENCODING)
                && http.getConnectionMetaData().getHttpVersion().getVersion() <= 11)) {
            // HTTP/1.x: no Content-Length and no Transfer-Encoding means no body (RFC 9112 6.3).
            return EMPTY_BODY;
        }
        try (InputStream in = Content.Source.asInputStream(http)) {
            if (declared > limit) {
                drain(in);
                throw tooLarge(limit);
            }
            byte[] buf = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (buf.length > limit) {
                drain(in);
                throw tooLarge(limit);
            }
            return buf;
        } catch (IOException e) {
            throw CofferException.invalid("failed to read the request body: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Reads and discards up to {@link #DRAIN_LIMIT} more bytes: a client still sending when the
     * server closes would see a connection reset instead of the 413 (Go's server drains 256 KiB;
     * 2 MiB covers the bodies clients commonly send). Past that, the connection is closed.
     */
    private static void drain(InputStream in) throws IOException {
        long left = DRAIN_LIMIT;
        byte[] sink = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
            left -= n;
        }
    }

    private static CofferException tooLarge(long limit) {
        return new CofferException(CofferException.Kind.PAYLOAD_TOO_LARGE,
                "request body is larger than the limit of " + limit + " bytes");
    }
}
