package dev.coffer.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's requests and its reading of answers, against a small HTTP server that records them. */
class CofferClientTest {
    private HttpServer server;
    private String address;
    private final AtomicReference<HttpExchange> last = new AtomicReference<>();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private volatile int status = 200;
    private volatile String answer = "{}";
    private volatile String contentType = "application/json";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            last.set(ex);
            lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] b = answer.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, status == 204 ? -1 : b.length);
            if (status != 204) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        server.start();
        address = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void pathSegmentsAndQueryAreEncodedAndTheTokenTravelsInItsHeader() {
        CofferClient c = CofferClient.create(address + "/", "cfs_token", null);
        c.send("GET", "/secret/data/a b/ü%", Map.of("version", "2", "x", "a&b"), null);
        HttpExchange ex = last.get();
        assertThat(ex.getRequestURI().getRawPath()).isEqualTo("/v1/secret/data/a%20b/%C3%BC%25");
        assertThat(ex.getRequestURI().getRawQuery()).isEqualTo("version=2&x=a%26b");
        assertThat(ex.getRequestHeaders().getFirst("X-Vault-Token")).isEqualTo("cfs_token");
        assertThat(c.toString()).doesNotContain("cfs_token").contains("[redacted]");
        assertThat(c.hasToken()).isTrue();
        assertThat(c.withToken(null).hasToken()).isFalse();
    }

    @Test
    void listAsksWithListTrueAndPatchSendsAMergePatch() {
        CofferClient c = CofferClient.create(address, null, null);
        c.list("secret/metadata/app");
        assertThat(last.get().getRequestMethod()).isEqualTo("GET");
        assertThat(last.get().getRequestURI().getRawQuery()).isEqualTo("list=true");
        assertThat(last.get().getRequestHeaders().containsKey("X-Vault-Token")).isFalse();

        c.send("PATCH", "secret/data/app", Map.of("data", Map.of("a", "b")));
        assertThat(last.get().getRequestHeaders().getFirst("Content-Type")).isEqualTo("application/merge-patch+json");
        assertThat(lastBody.get()).isEqualTo("{\"data\":{\"a\":\"b\"}}");
    }

    @Test
    void everyMethodCarriesItsBodyAndTheTokenAndDeleteCanHaveABody() {
        CofferClient c = CofferClient.create(address + "/", "cfs_token", null);
        for (String method : List.of("PUT", "POST", "DELETE")) {
            c.send(method, "sys/x y", Map.of("k", "v"));
            assertThat(last.get().getRequestMethod()).isEqualTo(method);
            assertThat(last.get().getRequestURI().getRawPath()).isEqualTo("/v1/sys/x%20y");
            assertThat(last.get().getRequestHeaders().getFirst("X-Vault-Token")).isEqualTo("cfs_token");
            assertThat(last.get().getRequestHeaders().getFirst("Content-Type")).isEqualTo("application/json");
            assertThat(lastBody.get()).isEqualTo("{\"k\":\"v\"}");
        }
        c.send("LIST", "secret/metadata", null);
        assertThat(last.get().getRequestMethod()).isEqualTo("LIST");
    }

    @Test
    void anAddressThatIsNotHttpIsRefusedAndAnUnreachableOneSaysSo() {
        assertThatThrownBy(() -> CofferClient.create("ftp://127.0.0.1:1", null, null))
                .hasMessageContaining("http://");
        server.stop(0);
        assertThatThrownBy(() -> CofferClient.create(address, null, null).read("sys/health"))
                .isInstanceOf(ApiException.class).hasMessageContaining("cannot reach");
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersKeepTheirNumbersExact() {
        answer = "{\"data\":{\"big\":12345678901234567890,\"f\":1.10,\"i\":7}}";
        Map<String, Object> data = (Map<String, Object>) CofferClient.create(address, null, null).read("x").get("data");
        assertThat(data.get("f")).isEqualTo(new BigDecimal("1.10"));
        assertThat(data.get("i")).isEqualTo(7);
        assertThat(String.valueOf(data.get("big"))).isEqualTo("12345678901234567890");
    }

    @Test
    void aRefusalReadsAsVaultsError() {
        status = 403;
        answer = "{\"errors\":[\"permission denied\",\"second\"]}";
        CofferClient c = CofferClient.create(address, null, null);
        assertThatThrownBy(() -> c.write("secret/data/x", Map.of()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.errors()).containsExactly("permission denied", "second");
                    assertThat(e.getMessage()).isEqualTo("Error making API request.\n\nURL: PUT " + address
                            + "/v1/secret/data/x\nCode: 403. Errors:\n\n* permission denied\n* second");
                });
    }

    @Test
    void aNonJsonErrorPageBecomesTheErrorText() {
        status = 502;
        contentType = "text/html";
        answer = "<html>Bad Gateway</html>";
        CofferClient.Reply r = CofferClient.create(address, null, null).send("GET", "x", null);
        assertThat(r.ok()).isFalse();
        assertThat(r.error().errors()).containsExactly("<html>Bad Gateway</html>");
    }

    @Test
    void anEmptyAnswerIsAnEmptyBody() {
        status = 204;
        assertThat(CofferClient.create(address, null, null).write("x", Map.of("a", 1))).isEmpty();
    }

    @Test
    void anUnreachableServerIsStatusZero() {
        CofferClient c = CofferClient.create("http://127.0.0.1:1", null, null);
        assertThatThrownBy(() -> c.read("x")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isZero();
            assertThat(e.getMessage()).startsWith("cannot reach http://127.0.0.1:1");
            assertThat(e.url()).isEqualTo("http://127.0.0.1:1/v1/x");
        });
        assertThat(new ApiException(404, List.of()).getMessage()).isEqualTo("Code: 404. Errors:\n");
    }
}
