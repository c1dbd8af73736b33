package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.storage.MemoryStorage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** sys/metrics over the real server: authorised like any path, in Vault's JSON or Prometheus text. */
class MetricsTest {
    private TestServer api;
    private String root;

    @BeforeEach
    void start() throws Exception {
        api = TestServer.start(new MemoryStorage(), 1 << 20);
        TestServer.Keys keys = api.init(1, 1);
        api.unsealWith(keys.hex());
        root = keys.rootToken();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    @Test
    void withoutATokenMetricsAreRefused() {
        assertThat(api.get("/v1/sys/metrics").status()).isEqualTo(403);
        assertThat(api.get("/v1/sys/metrics?format=prometheus").status()).isEqualTo(403);
    }

    @Test
    void prometheusTextCountsResponsesAndFailedLogins() {
        api.get("/v1/secret/nothing-here", "X-Vault-Token", root);
        TestServer.Reply r = api.get("/v1/sys/metrics?format=prometheus", "X-Vault-Token", root);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.body())
                .contains("coffer_http_responses_total{status=\"4xx\"}")
                .contains("coffer_audit_refused_requests_total 0.0")
                .contains("coffer_login_failures_total 0.0")
                .contains("coffer_core_unsealed 1.0")
                .doesNotContain(root);
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonIsVaultsShapeWithoutTheEnvelope() {
        TestServer.Reply r = api.get("/v1/sys/metrics", "X-Vault-Token", root);
        assertThat(r.status()).isEqualTo(200);
        Map<String, Object> m = r.json();
        assertThat(m).containsKeys("Timestamp", "Gauges", "Counters").doesNotContainKey("request_id");
        assertThat((List<Map<String, Object>>) m.get("Counters"))
                .anySatisfy(c -> assertThat(c).containsEntry("Name", "coffer.audit.refused_requests"));
    }
}
