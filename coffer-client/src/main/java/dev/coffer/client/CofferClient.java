package dev.coffer.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A small client for Coffer's (and Vault's) HTTP API: raw reads and writes of {@code /v1/<path>}
 * with the token in {@code X-Vault-Token}. Non-2xx answers become {@link ApiException} carrying
 * the server's {@code errors}, except where a caller asks for the status itself.
 */
public final class CofferClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI address;
    private final String token;
    private final HttpClient http;

    private CofferClient(URI address, String token, HttpClient http) {
        this.address = address;
        this.token = token;
        this.http = http;
    }

    /**
     * @param address  e.g. {@code https://coffer.example:8200}
     * @param token    may be null for unauthenticated calls
     * @param caCert   PEM file of the CA that signed the server's certificate, or null for the JDK's trust
     */
    public static CofferClient create(String address, String token, Path caCert) {
        Objects.requireNonNull(address, "address");
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1);
        if (caCert != null) {
            b.sslContext(trusting(caCert));
        }
        String a = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
        return new CofferClient(URI.create(a), token, b.build());
    }

    public CofferClient withToken(String newToken) {
        return new CofferClient(address, newToken, http);
    }

    private static SSLContext trusting(Path caCert) {
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
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new ApiException(0, List.of("cannot load CA certificate " + caCert + ": " + e.getMessage()));
        }
    }

    /** A status and the decoded JSON body (empty for 204). */
    public record Reply(int status, Map<String, Object> body) {}

    public Map<String, Object> read(String path) {
        return require(send("GET", path, null));
    }

    public Map<String, Object> write(String path, Map<String, Object> body) {
        return require(send("PUT", path, body));
    }

    /** Sends and returns whatever the server answered, errors included. */
    public Reply send(String method, String path, Map<String, Object> body) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(address + "/v1/" + p))
                .timeout(Duration.ofSeconds(60))
                .header("X-Vault-Request", "true");
        if (token != null && !token.isEmpty()) {
            rb.header("X-Vault-Token", token);
        }
        try {
            if (body != null) {
                rb.header("Content-Type", "application/json");
                rb.method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                rb.method(method, HttpRequest.BodyPublishers.noBody());
            }
            HttpResponse<byte[]> r = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), decode(r.body()));
        } catch (IOException e) {
            throw new ApiException(0, List.of("cannot reach " + address + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, List.of("interrupted"));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(byte[] body) {
        if (body.length == 0) {
            return Map.of();
        }
        try {
            Object o = JSON.readValue(body, Object.class);
            return o instanceof Map ? (Map<String, Object>) o : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static Map<String, Object> require(Reply r) {
        if (r.status() >= 200 && r.status() < 300) {
            return r.body();
        }
        throw ApiException.from(r);
    }

    public String address() {
        return address.toString();
    }

    @Override
    public String toString() {
        return "CofferClient[" + address + ", token=" + (token == null ? "none" : "[redacted]") + "]";
    }
}
