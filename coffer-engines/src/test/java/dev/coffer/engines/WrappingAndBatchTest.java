package dev.coffer.engines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.logical.WrapInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Response wrapping (single-use hand-over of a secret) and batch reads, through a real core. */
class WrappingAndBatchTest {
    private TestCore t;

    @BeforeEach
    void setUp() {
        t = new TestCore();
        t.write("sys/mounts/secret", Map.of("type", "kv", "options", Map.of("version", "2")));
        t.write("secret/data/ci/deploy", Map.of("data", Map.of("key", "made-up-deploy-key")));
    }

    private Response wrapped(String path, Duration ttl) {
        return t.core.handle(t.rootToken, Request.of("t", Operation.READ, path, Map.of(), ClientInfo.INTERNAL).wrapped(ttl));
    }

    @Test
    void aWrappedSecretCanBeUnwrappedExactlyOnce() {
        Response r = wrapped("secret/data/ci/deploy", Duration.ofMinutes(5));
        assertThat(r.data()).isNull();
        WrapInfo w = r.wrapInfo();
        assertThat(w.ttl()).isEqualTo(300);
        assertThat(w.creationPath()).isEqualTo("secret/data/ci/deploy");

        Map<String, Object> looked = t.call(t.rootToken, Operation.UPDATE, "sys/wrapping/lookup", Map.of("token", w.token())).data();
        assertThat(looked).containsEntry("creation_path", "secret/data/ci/deploy").containsEntry("creation_ttl", 300);

        Response unwrapped = t.call(w.token(), Operation.UPDATE, "sys/wrapping/unwrap", Map.of());
        assertThat(unwrapped.data().get("data")).isEqualTo(Map.of("key", "made-up-deploy-key"));
        // As Vault: a spent wrapping token presented as the calling token is a 400, not a 403.
        assertThat(t.failure(() -> t.call(w.token(), Operation.UPDATE, "sys/wrapping/unwrap", Map.of())).getMessage())
                .isEqualTo("wrapping token is not valid or does not exist");
        assertThat(t.failure(() -> t.call(t.rootToken, Operation.UPDATE, "sys/wrapping/unwrap", Map.of("token", w.token()))).getMessage())
                .isEqualTo("wrapping token is not valid or does not exist");
    }

    @Test
    void aWrappingTokenCanDoNothingElse() {
        WrapInfo w = wrapped("secret/data/ci/deploy", Duration.ofMinutes(5)).wrapInfo();
        assertThat(t.failure(() -> t.call(w.token(), Operation.READ, "secret/data/ci/deploy", Map.of())).kind())
                .isEqualTo(CofferException.Kind.PERMISSION_DENIED);
    }

    @Test
    void wrappingExpiresWithItsTtlAndWrapsArbitraryData() {
        WrapInfo w = t.write("sys/wrapping/wrap", Map.of("secret_id", "made-up-secret-id")).wrapInfo();
        assertThat(w.ttl()).isEqualTo(300);
        t.clock.advance(Duration.ofMinutes(6));
        assertThat(t.failure(() -> t.call(t.rootToken, Operation.UPDATE, "sys/wrapping/unwrap", Map.of("token", w.token()))).kind())
                .isEqualTo(CofferException.Kind.INVALID_REQUEST);
    }

    @Test
    void rewrapMovesTheResponseToANewToken() {
        WrapInfo w = t.write("sys/wrapping/wrap", Map.of("k", "v")).wrapInfo();
        WrapInfo w2 = t.call(t.rootToken, Operation.UPDATE, "sys/wrapping/rewrap", Map.of("token", w.token())).wrapInfo();
        assertThat(w2.token()).isNotEqualTo(w.token());
        assertThat(t.call(t.rootToken, Operation.UPDATE, "sys/wrapping/unwrap", Map.of("token", w2.token())).data())
                .isEqualTo(Map.of("k", "v"));
    }

    @Test
    void aWrappedTokenCreateHandsOverTheNewTokenOnUnwrap() {
        Response r = t.core.handle(t.rootToken, Request.of("t", Operation.UPDATE, "auth/token/create",
                Map.of("policies", List.of("default")), ClientInfo.INTERNAL).wrapped(Duration.ofSeconds(60)));
        assertThat(r.auth()).isNull();
        assertThat(r.wrapInfo().wrappedAccessor()).isNotEmpty();
        Response inner = t.call(t.rootToken, Operation.UPDATE, "sys/wrapping/unwrap", Map.of("token", r.wrapInfo().token()));
        assertThat(inner.auth().clientToken()).startsWith("cfs_");
        assertThat(t.call(inner.auth().clientToken(), Operation.READ, "auth/token/lookup-self", Map.of()).data())
                .containsEntry("accessor", r.wrapInfo().wrappedAccessor());
    }

    @Test
    @SuppressWarnings("unchecked")
    void batchReadAnswersEachPathOnItsOwn() {
        t.write("secret/data/ci/other", Map.of("data", Map.of("k", "2")));
        t.write("sys/policies/acl/ci", Map.of("policy", "path \"secret/data/ci/deploy\" {\n  capabilities = [\"read\"]\n}\n"));
        String ci = t.write("auth/token/create", Map.of("policies", List.of("ci"))).auth().clientToken();
        Response r = t.call(ci, Operation.UPDATE, "sys/batch-read",
                Map.of("paths", List.of("secret/data/ci/deploy", "secret/data/ci/other", "secret/data/nope", "secret/data/../x")));
        List<Map<String, Object>> entries = (List<Map<String, Object>>) r.data().get("secrets");
        assertThat(entries).hasSize(4);
        assertThat(entries.get(0)).containsEntry("status", 200);
        assertThat(((Map<String, Object>) entries.get(0).get("data")).get("data")).isEqualTo(Map.of("key", "made-up-deploy-key"));
        assertThat(entries.get(1)).containsEntry("status", 403).containsEntry("errors", List.of("permission denied"));
        assertThat(entries.get(2)).containsEntry("status", 403);
        assertThat(entries.get(3)).containsEntry("status", 400);

        Map<String, Object> asRoot = t.root(Operation.READ, "sys/batch-read",
                Map.of("paths", "secret/data/ci/deploy,secret/data/nope")).data();
        List<Map<String, Object>> rootEntries = (List<Map<String, Object>>) asRoot.get("secrets");
        assertThat(rootEntries.get(1)).containsEntry("status", 404);
    }
}
