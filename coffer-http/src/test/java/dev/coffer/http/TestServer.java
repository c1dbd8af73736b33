package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.Core;
import dev.coffer.core.storage.Storage;
import dev.coffer.http.config.ListenerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The real server on a free loopback port, its {@link Core}, and a plain HTTP/1.1 client: the way
 * every HTTP test here talks to Coffer, as a user's client would.
 */
final class TestServer implements AutoCloseable {
    static {
        // Jetty's graceful stop waits up to a second for each idle keep-alive connection, and the
        // JDK client keeps them open. Each request here says "Connection: close", which the JDK
        // allows only with this property, read once, before the first HttpClient is built.
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "connection");
    }

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    /** A safety net against a hung server, not a measurement: no test depends on it. */
    private static final Duration HUNG = Duration.ofSeconds(20);
    static final HttpClient CLIENT = client(null);

    /** An HTTP/1.1 client; with {@code tls} non-null, one that trusts what that context trusts. */
    static HttpClient client(javax.net.ssl.SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HUNG);
        if (tls != null) {
            b.sslContext(tls);
        }
        return b.build();
    }

    /** A request that closes its connection afterwards, so that stopping the server is quick. */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(HUNG).header("Connection", "close");
    }

    final Core core;
    final CofferServer server;
    final URI base;

    private TestServer(Core core, CofferServer server, URI base) {
        this.core = core;
        this.server = server;
        this.base = base;
    }

    static TestServer start(Storage storage, long maxRequestSize) throws Exception {
        Core core = new Core(storage, CLOCK);
        CofferServer server = new CofferServer(core,
                List.of(new ListenerConfig("127.0.0.1:0", null, null, false, maxRequestSize)));
        try {
            server.start();
        } catch (Exception e) {
            core.close();
            throw e;
        }
        return new TestServer(core, server, URI.create("http://127.0.0.1:" + server.port(0)));
    }

    /** A response as the client saw it. */
    record Reply(int status, String body, HttpHeaders headers) {
        Map<String, Object> json() {
            try {
                return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
            } catch (IOException e) {
                throw new AssertionError("response is not a JSON object (status " + status + "): " + body, e);
            }
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> data() {
            return (Map<String, Object>) json().get("data");
        }

        @SuppressWarnings("unchecked")
        List<String> errors() {
            Object errors = json().get("errors");
            assertThat(errors).as("errors of %s", body).isInstanceOf(List.class);
            return (List<String>) errors;
        }

        String error() {
            assertThat(errors()).hasSize(1);
            return errors().get(0);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Reply get(String path, String... headers) {
        return send("GET", path, BodyPublishers.noBody(), headers);
    }

    Reply put(String path, String body, String... headers) {
        return send("PUT", path, BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
    }

    Reply put(String path, byte[] body) {
        return send("PUT", path, BodyPublishers.ofByteArray(body));
    }

    Reply send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder b = request(base.resolve(path)).method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            var r = CLIENT.send(b.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Map<String, Object> sealStatus() {
        Reply r = get("/v1/sys/seal-status");
        assertThat(r.status()).as("seal-status: %s", r).isEqualTo(200);
        return r.json();
    }

    Map<String, Object> initStatus() {
        Reply r = get("/v1/sys/init");
        assertThat(r.status()).as("init status: %s", r).isEqualTo(200);
        return r.json();
    }

    /** What {@code PUT sys/init} handed out. */
    record Keys(List<String> hex, List<String> base64, String rootToken) {}

    @SuppressWarnings("unchecked")
    Keys init(int shares, int threshold) {
        Reply r = put("/v1/sys/init", "{\"secret_shares\":" + shares + ",\"secret_threshold\":" + threshold + "}");
        assertThat(r.status()).as("init: %s", r).isEqualTo(200);
        Map<String, Object> m = r.json();
        return new Keys((List<String>) m.get("keys"), (List<String>) m.get("keys_base64"), (String) m.get("root_token"));
    }

    Reply unseal(String key) {
        return put("/v1/sys/unseal", "{\"key\":\"" + key + "\"}");
    }

    /** Unseals with the first {@code threshold} hex shares. */
    void unsealWith(List<String> shares) {
        Reply last = null;
        for (String s : shares) {
            last = unseal(s);
            assertThat(last.status()).as("unseal: %s", last).isEqualTo(200);
        }
        assertThat(last).isNotNull();
        assertThat(last.json()).containsEntry("sealed", false);
    }

    @Override
    public void close() throws Exception {
        try {
            server.close();
        } finally {
            core.close();
        }
    }
}
