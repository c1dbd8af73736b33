package dev.coffer.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Auth;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitHub Actions, GitLab CI and Kubernetes tokens logging in through a real core against a served JWKS. */
class JwtLoginTest {
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
    }

    @AfterEach
    void tearDown() {
        issuer.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGithubTokenLogsInAndItsTokenCarriesTheCiClaims() {
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", List.of("https://github.com/octo-org"),
                "bound_claims", Map.of("repository_owner", "octo-org"), "token_policies", List.of("deploy"),
                "token_ttl", "10m", "claim_mappings", Map.of("run_attempt", "attempt"), "user_claim", "repository"));
        Auth a = h.login("ci", issuer.sign("rsa-1", TestIssuer.github(h.clock.seconds(), "octo-org/octo-repo",
                "refs/heads/main")));
        assertThat(a.clientToken()).startsWith("cfs_");
        assertThat(a.policies()).containsExactlyInAnyOrder("deploy", "default");
        assertThat(a.leaseDuration()).isEqualTo(600);
        Map<String, Object> self = h.lookupSelf(a.clientToken());
        assertThat(self).containsEntry("display_name", "jwt-octo-org/octo-repo");
        assertThat((Map<String, Object>) self.get("meta")).containsEntry("role", "ci")
                .containsEntry("repository", "octo-org/octo-repo").containsEntry("repository_owner", "octo-org")
                .containsEntry("ref", "refs/heads/main").containsEntry("workflow", "deploy")
                .containsEntry("actor", "octocat").containsEntry("run_id", "1234567890")
                .containsEntry("job_workflow_ref", "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main")
                .containsEntry("event_name", "push").containsEntry("attempt", "2")
                .doesNotContainKeys("aud", "iss", "jti", "repository_id");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aGitlabTokenSignedWithP256OnAProtectedBranchGetsProductionAndAnUnprotectedOneDoesNot() {
        h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(), "bound_issuer", "https://gitlab.example.com"));
        h.write("auth/jwt/role/prod", Map.of("bound_audiences", "https://coffer.example.com",
                "bound_claims", Map.of("ref_protected", true, "environment", "production",
                        "namespace_path", List.of("my-group", "other-group")),
                "user_claim", "user_login", "token_policies", "prod-deploy"));
        long now = h.clock.seconds();
        Auth a = h.login("prod", issuer.sign("ec-1", TestIssuer.gitlab(now, "my-group/my-project", "main", true,
                "production")));
        Map<String, Object> meta = (Map<String, Object>) h.lookupSelf(a.clientToken()).get("meta");
        assertThat(meta).containsEntry("project_path", "my-group/my-project").containsEntry("ref_protected", "true")
                .containsEntry("environment", "production").containsEntry("job_id", "302")
                .containsEntry("user_login", "sample-user").containsEntry("pipeline_source", "push");
        assertThatThrownBy(() -> h.login("prod", issuer.sign("ec-1", TestIssuer.gitlab(now, "my-group/my-project",
                "feature", false, "production"))))
                .isInstanceOf(CofferException.class)
                .hasMessage("claim \"ref_protected\" does not match any associated bound claim values");
        assertThatThrownBy(() -> h.login("prod", issuer.sign("ec-1", TestIssuer.gitlab(now, "my-group/my-project",
                "main", true, "staging"))))
                .hasMessage("claim \"environment\" does not match any associated bound claim values");
    }

    @Test
    void globBindingsAndJsonPointersMatchNestedAndWildcardClaims() {
        h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl()));
        h.write("auth/jwt/role/k8s", Map.of("bound_audiences", "coffer", "bound_claims_type", "glob",
                "bound_claims", Map.of("/kubernetes.io/namespace", "team-*", "sub", "system:serviceaccount:*:deployer"),
                "token_policies", "k8s"));
        long now = h.clock.seconds();
        Map<String, Object> claims = new java.util.HashMap<>(Map.of("iss", "https://kubernetes.default.svc",
                "aud", List.of("coffer"), "sub", "system:serviceaccount:team-a:deployer", "iat", now, "nbf", now,
                "exp", now + 600, "kubernetes.io", Map.of("namespace", "team-a",
                        "serviceaccount", Map.of("name", "deployer", "uid", "a1b2"))));
        Auth a = h.login("k8s", issuer.sign("ed-1", claims));
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) h.lookupSelf(a.clientToken()).get("meta");
        assertThat(meta).containsEntry("service_account_name", "deployer")
                .containsEntry("service_account_namespace", "team-a");
        claims.put("kubernetes.io", Map.of("namespace", "kube-system"));
        claims.put("sub", "system:serviceaccount:kube-system:deployer");
        assertThatThrownBy(() -> h.login("k8s", issuer.sign("ed-1", claims)))
                .hasMessageContaining("does not match any associated bound claim values");
    }

    @Test
    void theDefaultRoleIsUsedWhenTheLoginNamesNone() {
        h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(), "default_role", "ci"));
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", "https://github.com/octo-org", "token_policies", "x"));
        Auth a = h.login(null, issuer.sign("rsa-1", TestIssuer.github(h.clock.seconds(), "octo-org/a", "refs/heads/main")));
        assertThat(a.policies()).contains("x");
    }

    @Test
    void keyRotationIsPickedUpByOneRateLimitedRefetch() {
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", "https://github.com/octo-org", "token_policies", "x"));
        int fetched = issuer.jwksFetches.get();
        issuer.publish("rsa-2");
        // Within the re-fetch interval, junk and new kids cause no fetch at all.
        h.clock.advance(5);
        for (int i = 0; i < 20; i++) {
            String junk = "junk-" + i;
            assertThatThrownBy(() -> h.login("ci", issuer.sign("rsa-" + junk,
                    TestIssuer.github(h.clock.seconds(), "octo-org/a", "refs/heads/main"))))
                    .hasMessageContaining("no signing key matches the token's key id (kid)");
        }
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetched);
        h.clock.advance(RemoteKeys.MIN_REFETCH.toSeconds());
        Auth a = h.login("ci", issuer.sign("rsa-2", TestIssuer.github(h.clock.seconds(), "octo-org/a", "refs/heads/main")));
        assertThat(a.clientToken()).isNotEmpty();
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetched + 1);
        // The rotated-out key is gone after the refetch.
        assertThatThrownBy(() -> h.login("ci", issuer.sign("rsa-1",
                TestIssuer.github(h.clock.seconds(), "octo-org/a", "refs/heads/main"))))
                .hasMessageContaining("no signing key matches");
    }

    @Test
    void pemPublicKeysVerifyTokensWithoutKeyIds() {
        h.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", List.of(PemKeys.toPem(issuer.rsa.getPublic()),
                PemKeys.toPem(issuer.ed.getPublic()))));
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", "https://github.com/octo-org", "token_policies", "x"));
        assertThat(h.login("ci", issuer.sign(null, TestIssuer.github(h.clock.seconds(), "octo-org/a",
                "refs/heads/main"))).clientToken()).isNotEmpty();
        assertThat(h.login("ci", issuer.sign("ed-x", TestIssuer.github(h.clock.seconds(), "octo-org/a",
                "refs/heads/main"))).clientToken()).isNotEmpty();
        assertThatThrownBy(() -> h.login("ci", issuer.sign("ec-1", TestIssuer.github(h.clock.seconds(), "octo-org/a",
                "refs/heads/main")))).hasMessage("no configured key can verify a token signed with ES256");
    }

    @Test
    void oidcDiscoveryFindsTheJwksAndBindsTheIssuer() {
        h.write("auth/jwt/config", Map.of("oidc_discovery_url", issuer.url()));
        assertThat(h.read("auth/jwt/config")).containsEntry("oidc_discovery_url", issuer.url())
                .containsEntry("jwks_url", "");
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", "https://github.com/octo-org", "token_policies", "x"));
        Map<String, Object> claims = TestIssuer.github(h.clock.seconds(), "octo-org/a", "refs/heads/main");
        claims.put("iss", issuer.url());
        assertThat(h.login("ci", issuer.sign("ec-1", claims)).clientToken()).isNotEmpty();
        claims.put("iss", "https://token.actions.githubusercontent.com");
        assertThatThrownBy(() -> h.login("ci", issuer.sign("ec-1", claims)))
                .hasMessage("issuer claim (iss) does not match the bound issuer");
    }

    @Test
    void aTokenFromOutsideTheRolesCidrsIsRefused() {
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", "https://github.com/octo-org", "token_policies", "x",
                "token_bound_cidrs", "192.0.2.0/24"));
        assertThatThrownBy(() -> h.login("ci", issuer.sign("rsa-1", TestIssuer.github(h.clock.seconds(), "octo-org/a",
                "refs/heads/main")))).hasMessageContaining("token_bound_cidrs")
                .extracting(e -> ((CofferException) e).kind()).isEqualTo(CofferException.Kind.PERMISSION_DENIED);
    }
}
