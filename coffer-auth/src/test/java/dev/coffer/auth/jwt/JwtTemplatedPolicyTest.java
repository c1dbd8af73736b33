package dev.coffer.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.core.logical.Auth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One role and one templated policy serve every repository of an organisation, each only its own secrets. */
class JwtTemplatedPolicyTest {
    @TempDir
    Path dir;
    private TestIssuer issuer;
    private JwtHarness h;

    @BeforeEach
    void setUp() throws Exception {
        issuer = new TestIssuer();
        h = new JwtHarness(dir);
        h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(),
                "bound_issuer", "https://token.actions.githubusercontent.com"));
        h.write("sys/policies/acl/ci", Map.of("policy", """
                path "secret/data/ci/{{identity.claims.repository}}/*" {
                  capabilities = ["read"]
                }
                path "secret/data/prod/{{identity.claims.repository}}/*" {
                  capabilities = ["read"]
                }
                """));
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", "https://github.com/octo-org",
                "bound_claims", Map.of("repository_owner", "octo-org"), "token_policies", "ci"));
    }

    @AfterEach
    void tearDown() {
        issuer.close();
    }

    private Auth login(String repo) {
        return h.login("ci", issuer.sign("rsa-1", TestIssuer.github(h.clock.seconds(), repo, "refs/heads/main")));
    }

    @Test
    void repositoryAReadsItsSecretsAndNotRepositoryBs() throws Exception {
        Auth a = login("octo-org/service-a");
        Auth b = login("octo-org/service-b");
        assertThat(h.caps(a.clientToken(), "secret/data/ci/octo-org/service-a/db")).containsExactly("read");
        assertThat(h.caps(a.clientToken(), "secret/data/ci/octo-org/service-b/db")).containsExactly("deny");
        assertThat(h.caps(b.clientToken(), "secret/data/ci/octo-org/service-b/db")).containsExactly("read");
        assertThat(h.caps(b.clientToken(), "secret/data/ci/octo-org/service-a/db")).containsExactly("deny");
        // The audit line of each login names the repository and ref that logged in.
        List<JsonNode> lines = h.loginResponses();
        JsonNode meta = lines.get(0).path("response").path("auth").path("metadata");
        assertThat(meta.path("role").asText()).isEqualTo("ci");
        assertThat(lines).hasSize(2);
    }

    @Test
    void aRepositoryOfAnotherOwnerCannotLogInAtAll() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> login("evil-org/service-a"))
                .hasMessage("audience claim does not match any bound audience");
    }

    @Test
    void aProtectedEnvironmentRoleGivesProductionOnlyToJobsThatRunThere() {
        h.write("auth/jwt/role/prod", Map.of("bound_audiences", "https://github.com/octo-org",
                "bound_claims", Map.of("environment", "production", "ref", "refs/heads/main"), "token_policies", "ci"));
        Map<String, Object> claims = TestIssuer.github(h.clock.seconds(), "octo-org/service-a", "refs/heads/main");
        claims.put("environment", "production");
        Auth prod = h.login("prod", issuer.sign("rsa-1", claims));
        assertThat(h.caps(prod.clientToken(), "secret/data/prod/octo-org/service-a/key")).containsExactly("read");
        claims.put("environment", "staging");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.login("prod", issuer.sign("rsa-1", claims)))
                .hasMessage("claim \"environment\" does not match any associated bound claim values");
    }
}
