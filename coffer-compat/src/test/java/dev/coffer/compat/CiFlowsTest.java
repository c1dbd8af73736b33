package dev.coffer.compat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What CI integrations send, call for call, with their headers, and exactly the fields they read
 * back: GitHub's {@code hashicorp/vault-action}, GitLab runner's {@code secrets: vault:}, and the
 * External Secrets Operator's Vault provider (Go SDK). Tokens are signed by a key the test makes.
 */
class CiFlowsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GITHUB_ISSUER = "https://token.actions.githubusercontent.com";
    private static final String GITLAB_ISSUER = "https://gitlab.example.com";
    private static final KeyPair SIGNER = rsa();

    private static CompatServer server;
    private static HttpClient http;

    private record Reply(int status, JsonNode body) {}

    @BeforeAll
    static void start() throws Exception {
        server = new CompatServer();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String root = server.rootToken;
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(SIGNER.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";

        ok(call("POST", "sys/auth/jwt", root, Map.of("type", "jwt")));
        ok(call("POST", "auth/jwt/config", root, Map.of("jwt_validation_pubkeys", List.of(pem), "bound_issuer", GITHUB_ISSUER)));
        ok(call("POST", "auth/jwt/role/octo-app", root, Map.of("role_type", "jwt", "user_claim", "actor",
                "bound_audiences", List.of("https://github.com/octo-org"),
                "bound_claims", Map.of("repository", "octo-org/app"),
                "token_policies", List.of("ci-app"), "token_ttl", "10m")));
        ok(call("POST", "sys/policies/acl/ci-app", root, Map.of("policy",
                "path \"secret/data/ci/app\" {\n  capabilities = [\"read\"]\n}\n")));
        ok(call("POST", "secret/data/ci/app", root, Map.of("data", Map.of("password", "made-up-gh", "user", "ci"))));

        ok(call("POST", "sys/auth/gitlab", root, Map.of("type", "jwt")));
        ok(call("POST", "auth/gitlab/config", root, Map.of("jwt_validation_pubkeys", List.of(pem), "bound_issuer", GITLAB_ISSUER)));
        ok(call("POST", "auth/gitlab/role/prod", root, Map.of("role_type", "jwt", "user_claim", "user_login",
                "bound_audiences", "https://coffer.example.com",
                "bound_claims", Map.of("project_path", "my-group/my-project", "ref_protected", "true",
                        "environment", "production"),
                "token_policies", "ops-read", "token_explicit_max_ttl", "1h")));
        ok(call("POST", "sys/mounts/ops", root, Map.of("type", "kv", "options", Map.of("version", "2"))));
        ok(call("POST", "sys/policies/acl/ops-read", root, Map.of("policy",
                "path \"ops/data/a/*\" {\n  capabilities = [\"read\"]\n}\n")));
        ok(call("POST", "ops/data/a/b", root, Map.of("data", Map.of("f", "made-up-gitlab", "g", "other"))));

        ok(call("POST", "sys/auth/approle", root, Map.of("type", "approle")));
        ok(call("POST", "auth/approle/role/gh", root, Map.of("token_policies", "ci-app", "token_ttl", "15m")));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** One request as the Go SDK and vault-action send it: token, empty namespace, X-Vault-Request. */
    private static Reply call(String method, String path, String token, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.address + "/v1/" + path))
                .header("X-Vault-Namespace", "")
                .header("X-Vault-Request", "true");
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
    }

    private static Reply ok(Reply r) {
        assertThat(r.status()).as("%s", r.body()).isIn(200, 204);
        return r;
    }

    // ---- GitHub: hashicorp/vault-action ----------------------------------------------------

    /** vault-action's selector: {@code data.data.<key>} when {@code data.data} exists, else {@code data.<key>}. */
    private static String vaultActionSelect(JsonNode body, String key) {
        JsonNode data = body.path("data");
        return (data.has("data") ? data.path("data") : data).path(key).asText(null);
    }

    @Test
    void vaultActionLogsInWithTheGithubIdTokenReadsTheSecretAndRevokesAtTheEnd() throws Exception {
        String idToken = sign(github("octo-org/app", "refs/heads/main"));
        Reply login = call("POST", "auth/jwt/login", null, Map.of("jwt", idToken, "role", "octo-app"));
        assertThat(login.status()).isEqualTo(200);
        String token = login.body().path("auth").path("client_token").asText();
        assertThat(token).startsWith("cfs_");

        Reply secret = call("GET", "secret/data/ci/app", token, null);
        assertThat(secret.status()).isEqualTo(200);
        assertThat(vaultActionSelect(secret.body(), "password")).isEqualTo("made-up-gh");
        assertThat(vaultActionSelect(secret.body(), "user")).isEqualTo("ci");

        // A step outside the policy fails the job with the server's error.
        Reply denied = call("GET", "secret/data/ci/other", token, null);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body().path("errors").get(0).asText()).isEqualTo("permission denied");

        assertThat(call("POST", "auth/token/revoke-self", token, null).status()).isEqualTo(204);
        assertThat(call("GET", "secret/data/ci/app", token, null).status()).isEqualTo(403);
    }

    @Test
    void vaultActionRefusesAnotherRepositorysIdToken() throws Exception {
        Reply login = call("POST", "auth/jwt/login", null,
                Map.of("jwt", sign(github("octo-org/other", "refs/heads/main")), "role", "octo-app"));
        assertThat(login.status()).isEqualTo(400);
        assertThat(login.body().path("errors").get(0).asText()).contains("repository");
        assertThat(login.body().path("auth").isMissingNode() || login.body().path("auth").isNull()).isTrue();
    }

    @Test
    void vaultActionAppRoleLoginReadsTheSameSecret() throws Exception {
        String roleId = ok(call("GET", "auth/approle/role/gh/role-id", server.rootToken, null))
                .body().path("data").path("role_id").asText();
        String secretId = ok(call("POST", "auth/approle/role/gh/secret-id", server.rootToken, null))
                .body().path("data").path("secret_id").asText();

        Reply login = call("POST", "auth/approle/login", null, Map.of("role_id", roleId, "secret_id", secretId));
        assertThat(login.status()).isEqualTo(200);
        String token = login.body().path("auth").path("client_token").asText();
        Reply secret = call("GET", "secret/data/ci/app", token, null);
        assertThat(vaultActionSelect(secret.body(), "password")).isEqualTo("made-up-gh");

        Reply wrong = call("POST", "auth/approle/login", null, Map.of("role_id", roleId, "secret_id", "not-it"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("errors").size()).isPositive();
    }

    // ---- GitLab runner: secrets: vault: ----------------------------------------------------

    @Test
    void gitlabRunnerChecksHealthLogsInWithTheJobIdTokenAndReadsFieldAtMount() throws Exception {
        Reply health = call("GET", "sys/health", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().path("initialized").asBoolean()).isTrue();
        assertThat(health.body().path("sealed").asBoolean()).isFalse();

        String idToken = sign(gitlab("my-group/my-project", "main", true, "production"));
        Reply login = call("POST", "auth/gitlab/login", null, Map.of("jwt", idToken, "role", "prod"));
        assertThat(login.status()).isEqualTo(200);
        String token = login.body().path("auth").path("client_token").asText();
        assertThat(login.body().path("auth").path("lease_duration").asLong()).isBetween(1L, 3600L);

        // `a/b/f@ops` with engine kv-v2: GET ops/data/a/b, field f of data.data.
        Reply secret = call("GET", "ops/data/a/b", token, null);
        assertThat(secret.status()).isEqualTo(200);
        assertThat(secret.body().path("data").path("data").path("f").asText()).isEqualTo("made-up-gitlab");
    }

    @Test
    void gitlabRoleBoundToProtectedRefsRefusesAnUnprotectedOne() throws Exception {
        Reply login = call("POST", "auth/gitlab/login", null,
                Map.of("jwt", sign(gitlab("my-group/my-project", "feature", false, "production")), "role", "prod"));
        assertThat(login.status()).isEqualTo(400);
        assertThat(login.body().path("errors").get(0).asText()).contains("ref_protected");
    }

    // ---- External Secrets Operator (Go SDK) ------------------------------------------------

    private static String esoToken() throws Exception {
        ok(call("POST", "sys/policies/acl/eso", server.rootToken, Map.of("policy",
                "path \"secret/data/eso/*\" {\n  capabilities = [\"create\", \"read\", \"update\"]\n}\n"
                        + "path \"secret/metadata/eso/*\" {\n  capabilities = [\"create\", \"read\", \"update\", \"list\"]\n}\n"
                        + "path \"secret/metadata/\" {\n  capabilities = [\"list\"]\n}\n")));
        return ok(call("POST", "auth/token/create", server.rootToken, Map.of("policies", List.of("eso"), "ttl", "1h")))
                .body().path("auth").path("client_token").asText();
    }

    @Test
    void externalSecretsChecksItsTokenReadsVersionsAndListsRecursively() throws Exception {
        String root = server.rootToken;
        ok(call("POST", "secret/data/eso/db", root, Map.of("data", Map.of("password", "made-up-1"))));
        ok(call("POST", "secret/data/eso/db", root, Map.of("data", Map.of("password", "made-up-2"))));
        ok(call("POST", "secret/data/eso/team/api", root, Map.of("data", Map.of("key", "made-up-api"))));
        ok(call("POST", "secret/data/eso/team/deep/cert", root, Map.of("data", Map.of("pem", "made-up-pem"))));
        String token = esoToken();

        // checkToken: re-login if batch or under 60 s left.
        Reply self = call("GET", "auth/token/lookup-self", token, null);
        assertThat(self.status()).isEqualTo(200);
        assertThat(self.body().path("data").path("type").asText()).isEqualTo("service");
        assertThat(self.body().path("data").path("ttl").isNumber()).isTrue();
        assertThat(self.body().path("data").path("ttl").asLong()).isGreaterThan(60);
        Instant expires = OffsetDateTime.parse(self.body().path("data").path("expire_time").asText()).toInstant();
        assertThat(expires).isAfter(Instant.now().plusSeconds(60));

        Reply latest = call("GET", "secret/data/eso/db", token, null);
        assertThat(latest.body().path("data").path("data").path("password").asText()).isEqualTo("made-up-2");
        Reply first = call("GET", "secret/data/eso/db?version=1", token, null);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("data").path("data").path("password").asText()).isEqualTo("made-up-1");
        assertThat(first.body().path("data").path("metadata").path("version").asInt()).isEqualTo(1);

        // find: recursive LIST <m>/metadata/, folders end in "/".
        assertThat(listRecursively(token, "eso/")).containsExactlyInAnyOrder("eso/db", "eso/team/api", "eso/team/deep/cert");
        Reply empty = call("LIST", "secret/metadata/eso/nothing/", token, null);
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.body().path("errors").isArray()).isTrue();
        assertThat(empty.body().path("errors").size()).isZero();

        assertThat(call("POST", "auth/token/revoke-self", token, null).status()).isEqualTo(204);
        assertThat(call("GET", "auth/token/lookup-self", token, null).status()).isEqualTo(403);
    }

    private static List<String> listRecursively(String token, String folder) throws Exception {
        Reply r = call("LIST", "secret/metadata/" + folder, token, null);
        assertThat(r.status()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode k : r.body().path("data").path("keys")) {
            String key = k.asText();
            if (key.endsWith("/")) {
                out.addAll(listRecursively(token, folder + key));
            } else {
                out.add(folder + key);
            }
        }
        return out;
    }

    @Test
    void externalSecretsPushWritesCustomMetadataThenDataWithCheckAndSet() throws Exception {
        String token = esoToken();
        // A new secret: no metadata yet (404 is "not there", not an error), then metadata, then data with cas 0.
        assertThat(call("GET", "secret/metadata/eso/pushed", token, null).status()).isEqualTo(404);
        assertThat(call("GET", "secret/data/eso/pushed", token, null).status()).isEqualTo(404);
        ok(call("POST", "secret/metadata/eso/pushed", token,
                Map.of("custom_metadata", Map.of("managed-by", "external-secrets"))));
        Reply written = call("POST", "secret/data/eso/pushed", token,
                Map.of("data", Map.of("token", "made-up-push-1"), "options", Map.of("cas", 0)));
        assertThat(written.status()).isEqualTo(200);
        assertThat(written.body().path("data").path("version").asInt()).isEqualTo(1);

        // The next push reads the current version and writes with it as cas.
        Reply meta = call("GET", "secret/metadata/eso/pushed", token, null);
        assertThat(meta.body().path("data").path("custom_metadata").path("managed-by").asText()).isEqualTo("external-secrets");
        Reply current = call("GET", "secret/data/eso/pushed", token, null);
        int version = current.body().path("data").path("metadata").path("version").asInt();
        assertThat(current.body().path("data").path("metadata").path("custom_metadata").path("managed-by").asText())
                .isEqualTo("external-secrets");
        ok(call("POST", "secret/metadata/eso/pushed", token,
                Map.of("custom_metadata", Map.of("managed-by", "external-secrets"))));
        assertThat(call("POST", "secret/data/eso/pushed", token,
                Map.of("data", Map.of("token", "made-up-push-2"), "options", Map.of("cas", version))).status()).isEqualTo(200);
        // A push racing with another writer (stale cas) is refused and changes nothing.
        Reply stale = call("POST", "secret/data/eso/pushed", token,
                Map.of("data", Map.of("token", "made-up-push-3"), "options", Map.of("cas", version)));
        assertThat(stale.status()).isEqualTo(400);
        assertThat(stale.body().path("errors").get(0).asText()).contains("check-and-set");
        assertThat(call("GET", "secret/data/eso/pushed", token, null).body().path("data").path("data").path("token").asText())
                .isEqualTo("made-up-push-2");
    }

    // ---- tokens the CI providers issue -----------------------------------------------------

    private static Map<String, Object> github(String repo, String ref) {
        long now = Instant.now().getEpochSecond();
        String owner = repo.substring(0, repo.indexOf('/'));
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("jti", "example-id");
        c.put("sub", "repo:" + repo + ":ref:" + ref);
        c.put("aud", "https://github.com/" + owner);
        c.put("ref", ref);
        c.put("sha", "0123456789abcdef0123456789abcdef01234567");
        c.put("repository", repo);
        c.put("repository_owner", owner);
        c.put("run_id", "1234567890");
        c.put("run_attempt", "1");
        c.put("actor", "octocat");
        c.put("workflow", "deploy");
        c.put("event_name", "push");
        c.put("ref_type", "branch");
        c.put("job_workflow_ref", repo + "/.github/workflows/deploy.yml@" + ref);
        c.put("iss", GITHUB_ISSUER);
        c.put("nbf", now - 5);
        c.put("exp", now + 300);
        c.put("iat", now);
        return c;
    }

    private static Map<String, Object> gitlab(String project, String ref, boolean isProtected, String environment) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("namespace_id", "72");
        c.put("namespace_path", project.substring(0, project.indexOf('/')));
        c.put("project_id", "20");
        c.put("project_path", project);
        c.put("user_login", "sample-user");
        c.put("pipeline_id", "574");
        c.put("job_id", "302");
        c.put("ref", ref);
        c.put("ref_type", "branch");
        c.put("ref_protected", String.valueOf(isProtected));
        c.put("environment", environment);
        c.put("environment_protected", String.valueOf(isProtected));
        c.put("iss", GITLAB_ISSUER);
        c.put("iat", now);
        c.put("nbf", now - 5);
        c.put("exp", now + 3600);
        c.put("sub", "project_path:" + project + ":ref_type:branch:ref:" + ref);
        c.put("aud", "https://coffer.example.com");
        return c;
    }

    /** An RS256 JWT signed with the test's key. */
    private static String sign(Map<String, Object> claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT", "kid", "ci-1")))
                + "." + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(SIGNER.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
