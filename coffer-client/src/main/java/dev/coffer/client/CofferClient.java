package dev.coffer.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small client for Coffer's (and Vault's) HTTP API: raw reads and writes of {@code /v1/<path>}
 * with the token in {@code X-Vault-Token}. Non-2xx answers become {@link ApiException} carrying
 * the server's {@code errors}, except where a caller asks for the status itself.
 *
 * <p>GET, PUT, POST and DELETE go through {@link HttpURLConnection}: it starts in a tenth of the
 * time {@code java.net.http} takes (which sets up TLS and a selector thread even for plain HTTP),
 * and {@code coffer run} pays that start on every pipeline step. Other methods (PATCH) use
 * {@code java.net.http}, created on first use.
 */
public final class CofferClient {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final java.util.Set<String> CLASSIC_METHODS = java.util.Set.of("GET", "PUT", "POST", "DELETE");
    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 60_000;

    static {
        // HttpURLConnection would resend a POST once when a kept-alive connection turns out to be
        // closed; a login or token create must never happen twice behind the caller's back.
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    private final URI address;
    private final String token;
    /** Null: the JDK's default TLS settings (only looked at for https addresses). */
    private final SSLContext tls;
    private final Object lazyLock;
    private HttpClient modern;

    private CofferClient(URI address, String token, SSLContext tls, Object lazyLock) {
        this.address = address;
        this.token = token;
        this.tls = tls;
        this.lazyLock = lazyLock;
    }

    /**
     * @param address  e.g. {@code https://coffer.example:8200}
     * @param token    may be null for unauthenticated calls
     * @param caCert   PEM file of the CA that signed the server's certificate, or null for the JDK's trust
     */
    public static CofferClient create(String address, String token, Path caCert) {
        return create(address, token, caCert, null, null);
    }

    /**
     * A client that also presents a TLS client certificate (for the {@code cert} auth method and
     * listeners that require one).
     *
     * @param clientCert PEM certificate (chain, leaf first), or null for none
     * @param clientKey  its unencrypted PEM private key (PKCS#8, or PKCS#1 for RSA); with clientCert
     */
    public static CofferClient create(String address, String token, Path caCert, Path clientCert, Path clientKey) {
        Objects.requireNonNull(address, "address");
        if ((clientCert == null) != (clientKey == null)) {
            throw new ApiException(0, List.of("a client certificate and its key must be given together"));
        }
        SSLContext tls = caCert != null || clientCert != null
                ? tlsContext(caCert, clientCert == null ? null : ClientCertificates.keyManagers(clientCert, clientKey))
                : null;
        String a = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        URI uri = URI.create(a);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ApiException(0, List.of("the address must start with http:// or https://: " + a));
        }
        return new CofferClient(uri, token, tls, new Object());
    }

    /** The same server and TLS settings, another token (null: none). */
    public CofferClient withToken(String newToken) {
        return new CofferClient(address, newToken, tls, new Object());
    }

    private HttpClient modern() {
        synchronized (lazyLock) {
            if (modern == null) {
                HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(CONNECT_TIMEOUT_MS))
                        .version(HttpClient.Version.HTTP_1_1);
                if (tls != null) {
                    b.sslContext(tls);
                }
                modern = b.build();
            }
            return modern;
        }
    }

    private static SSLContext tlsContext(Path caCert, javax.net.ssl.KeyManager[] keyManagers) {
        if (caCert == null) {
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(keyManagers, null, null);
                return ctx;
            } catch (java.security.GeneralSecurityException e) {
                throw new ApiException(0, List.of("cannot set up TLS: " + e.getMessage()));
            }
        }
        try (InputStream in = Files.newInputStream(caCert)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new ApiException(0, List.of("cannot load CA certificate " + caCert + ": " + e.getMessage()));
        }
    }

    /**
     * A status and the decoded JSON body (empty for 204), with the method and URL that produced them
     * (for error messages; the URL never carries the token).
     */
    public record Reply(int status, Map<String, Object> body, String method, String url) {
        public Reply(int status, Map<String, Object> body) {
            this(status, body, "", "");
        }

        /** A 2xx answer. */
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The body of a 2xx answer; otherwise the server's errors as an {@link ApiException}. */
        public Map<String, Object> orThrow() {
            if (ok()) {
                return body;
            }
            throw ApiException.from(this);
        }

        /** This answer as an exception, whatever its status. */
        public ApiException error() {
            return ApiException.from(this);
        }
    }

    /** GET {@code /v1/<path>}; a non-2xx answer is an {@link ApiException}. */
    public Map<String, Object> read(String path) {
        return send("GET", path, null).orThrow();
    }

    /** PUT {@code /v1/<path>} with a JSON body; a non-2xx answer is an {@link ApiException}. */
    public Map<String, Object> write(String path, Map<String, Object> body) {
        return send("PUT", path, body).orThrow();
    }

    /** Lists the keys below a path ({@code GET ?list=true}, as Vault's client does), answering whatever the server said. */
    public Reply list(String path) {
        return send("GET", path, Map.of("list", "true"), null);
    }

    /** Sends and returns whatever the server answered, errors included. */
    public Reply send(String method, String path, Map<String, Object> body) {
        return send(method, path, Map.of(), body);
    }

    /**
     * Sends {@code method /v1/<path>?<query>} with an optional JSON body and returns whatever the
     * server answered, errors included. PATCH bodies go as {@code application/merge-patch+json}, as
     * Vault's client sends them. Path segments and query values are percent-encoded here.
     *
     * @throws ApiException with status 0 when the server cannot be reached
     */
    public Reply send(String method, String path, Map<String, String> query, Map<String, Object> body) {
        URI uri = uri(path, query);
        String shown = uri.toASCIIString();
        try {
            byte[] json = body == null ? null : JSON.writeValueAsBytes(body);
            return CLASSIC_METHODS.contains(method) ? sendClassic(method, uri, json, shown) : sendModern(method, uri, json, shown);
        } catch (IOException e) {
            throw new ApiException(0, List.of("cannot reach " + address + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())), method, shown);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, List.of("interrupted"), method, shown);
        }
    }

    private Reply sendClassic(String method, URI uri, byte[] json, String shown) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(java.net.Proxy.NO_PROXY);
        if (tls != null && c instanceof javax.net.ssl.HttpsURLConnection https) {
            https.setSSLSocketFactory(tls.getSocketFactory());
        }
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setConnectTimeout(CONNECT_TIMEOUT_MS);
        c.setReadTimeout(READ_TIMEOUT_MS);
        c.setRequestMethod(method);
        c.setRequestProperty("X-Vault-Request", "true");
        if (token != null && !token.isEmpty()) {
            c.setRequestProperty("X-Vault-Token", token);
        }
        if (json != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setFixedLengthStreamingMode(json.length);
            try (java.io.OutputStream out = c.getOutputStream()) {
                out.write(json);
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        byte[] bytes;
        if (in == null) {
            bytes = new byte[0];
        } else {
            try (in) {
                bytes = in.readAllBytes();
            }
        }
        return new Reply(status, decode(status, bytes), method, shown);
    }

    private Reply sendModern(String method, URI uri, byte[] json, String shown) throws IOException, InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis(READ_TIMEOUT_MS))
                .header("X-Vault-Request", "true");
        if (token != null && !token.isEmpty()) {
            rb.header("X-Vault-Token", token);
        }
        if (json != null) {
            rb.header("Content-Type", "PATCH".equals(method) ? "application/merge-patch+json" : "application/json");
            rb.method(method, HttpRequest.BodyPublishers.ofByteArray(json));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> r = modern().send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Reply(r.statusCode(), decode(r.statusCode(), r.body()), method, shown);
    }

    private URI uri(String path, Map<String, String> query) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        StringBuilder b = new StringBuilder(address.toString()).append("/v1/");
        for (int i = 0; i < p.length(); i++) {
            char ch = p.charAt(i);
            if (isUnreserved(ch) || ch == '/') {
                b.append(ch);
            } else {
                for (byte x : String.valueOf(ch).getBytes(StandardCharsets.UTF_8)) {
                    b.append('%').append(HEX[(x >> 4) & 0xF]).append(HEX[x & 0xF]);
                }
            }
        }
        String sep = "?";
        for (Map.Entry<String, String> q : new TreeMap<>(query).entrySet()) {
            b.append(sep).append(URLEncoder.encode(q.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
            sep = "&";
        }
        return URI.create(b.toString());
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '*' || c == '@' || c == ':' || c == '+'
                || c == '=' || c == ',' || c == '!' || c == '$' || c == '&' || c == '\'' || c == '(' || c == ')' || c == ';';
    }

    /** The JSON object of a body; a non-JSON error body (a proxy's page) becomes its text as the one error. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(int status, byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        try {
            Object o = JSON.readValue(body, Object.class);
            return o instanceof Map ? (Map<String, Object>) o : Map.of();
        } catch (IOException e) {
            if (status >= 200 && status < 300) {
                return Map.of();
            }
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return Map.of("errors", List.of(text.length() > 500 ? text.substring(0, 500) + "..." : text));
        }
    }

    /** Whether calls carry a token. */
    public boolean hasToken() {
        return token != null && !token.isEmpty();
    }

    public String address() {
        return address.toString();
    }

    @Override
    public String toString() {
        return "CofferClient[" + address + ", token=" + (token == null ? "none" : "[redacted]") + "]";
    }
}
