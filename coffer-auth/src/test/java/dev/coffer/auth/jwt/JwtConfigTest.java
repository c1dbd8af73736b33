package dev.coffer.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.logical.Operation;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config} and {@code role/<name>}: Vault's shapes, and a clear 400 for every bad setting. */
class JwtConfigTest {
    @TempDir
    Path dir;
    private TestIssuer issuer;
    private JwtHarness h;

    @BeforeEach
    void setUp() throws Exception {
        issuer = new TestIssuer();
        h = new JwtHarness(dir);
    }

    @AfterEach
    void tearDown() {
        issuer.close();
    }

    @Test
    void exactlyOneKeySourceMustBeConfigured() {
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("bound_issuer", "x")))
                .hasMessage("exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set");
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(),
                "oidc_discovery_url", issuer.url())))
                .hasMessageContaining("exactly one of");
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("jwks_url", "file:///etc/passwd")))
                .hasMessage("jwks_url must be an absolute http or https URL");
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("jwks_url", issuer.url() + "/missing")))
                .hasMessage("error checking jwks_url: HTTP status 404");
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("oidc_discovery_url", issuer.url() + "/other")))
                .hasMessageStartingWith("error checking oidc_discovery_url: HTTP status 404");
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", "not a key")))
                .hasMessage("jwt_validation_pubkeys[0]: not a PEM-encoded public key");
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(),
                "jwt_supported_algs", List.of("RS256", "HS256"))))
                .hasMessageStartingWith("jwt_supported_algs: token signing algorithm \"HS256\" is not accepted");
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(),
                "jwks_ca_pem", "garbage"))).hasMessage("jwks_ca_pem is not a valid PEM certificate bundle");
        assertThatThrownBy(() -> h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(),
                "oidc_client_id", "abc"))).hasMessageContaining("browser (OIDC) login flow");
        assertThatThrownBy(() -> h.read("auth/jwt/config")).isInstanceOf(dev.coffer.core.CofferException.class);
    }

    @Test
    void configReadsBackInVaultsShape() {
        h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(), "bound_issuer", "https://gitlab.example.com",
                "default_role", "ci"));
        assertThat(h.read("auth/jwt/config")).containsEntry("jwks_url", issuer.jwksUrl())
                .containsEntry("bound_issuer", "https://gitlab.example.com").containsEntry("default_role", "ci")
                .containsEntry("jwt_validation_pubkeys", List.of()).containsEntry("oidc_discovery_url", "");
    }

    @Test
    @SuppressWarnings("unchecked")
    void rolesAreWrittenPartiallyReadListedAndDeleted() {
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", "https://github.com/octo-org",
                "bound_claims", Map.of("ref", List.of("refs/heads/main", "refs/heads/release"), "ref_protected", true),
                "claim_mappings", Map.of("/kubernetes.io/namespace", "ns"), "policies", "a,b", "token_ttl", "15m",
                "token_max_ttl", 3600));
        h.write("auth/jwt/role/ci", Map.of("token_num_uses", 3));
        Map<String, Object> r = h.read("auth/jwt/role/ci");
        assertThat(r).containsEntry("role_type", "jwt").containsEntry("user_claim", "sub")
                .containsEntry("token_policies", List.of("a", "b")).containsEntry("token_ttl", 900L)
                .containsEntry("token_max_ttl", 3600L).containsEntry("token_num_uses", 3)
                .containsEntry("clock_skew_leeway", 60L).containsEntry("expiration_leeway", 150L)
                .containsEntry("not_before_leeway", 150L).containsEntry("bound_claims_type", "string");
        assertThat((Map<String, Object>) r.get("bound_claims")).containsEntry("ref_protected", "true")
                .containsEntry("ref", List.of("refs/heads/main", "refs/heads/release"));
        h.write("auth/jwt/role/other", Map.of("bound_subject", "x"));
        assertThat(h.call(h.root, Operation.LIST, "auth/jwt/role", Map.of()).data().get("keys"))
                .isEqualTo(List.of("ci", "other"));
        h.call(h.root, Operation.DELETE, "auth/jwt/role/ci", Map.of());
        assertThat(h.call(h.root, Operation.LIST, "auth/jwt/role/", Map.of()).data().get("keys")).isEqualTo(List.of("other"));
    }

    @Test
    void tokenExplicitMaxTtlIsAcceptedAndCapsTheIssuedToken() {
        h.write("auth/jwt/role/capped", Map.of("bound_audiences", "a", "token_ttl", "30m", "token_max_ttl", "2h",
                "token_explicit_max_ttl", "1h"));
        assertThat(h.read("auth/jwt/role/capped")).containsEntry("token_max_ttl", 3600L).containsEntry("token_ttl", 1800L);
        h.write("auth/jwt/role/loose", Map.of("bound_audiences", "a", "token_max_ttl", "2h", "token_explicit_max_ttl", "4h"));
        assertThat(h.read("auth/jwt/role/loose")).containsEntry("token_max_ttl", 7200L);
    }

    @Test
    void badRolesAreRefusedWithAClearMessage() {
        Map<String, Object> base = Map.of("bound_audiences", "a");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "role_type", "oidc")))
                .hasMessageStartingWith("role_type \"oidc\" is not supported: Coffer does not offer the browser (OIDC) login flow");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", Map.of("token_policies", "x")))
                .hasMessageStartingWith("must have at least one bound constraint");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "token_type", "batch")))
                .hasMessage("token_type \"batch\" is not supported: Coffer issues service tokens");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "bound_claims_type", "regex")))
                .hasMessage("invalid bound_claims_type \"regex\": use \"string\" or \"glob\"");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "claim_mappings", Map.of("sub", "role"))))
                .hasMessageContaining("\"role\" is reserved");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "claim_mappings", Map.of("a", "x", "b", "x"))))
                .hasMessageContaining("multiple claims are mapped to metadata key \"x\"");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "bound_claims", Map.of("a", Map.of("b", 1)))))
                .hasMessageContaining("must be a string, number, boolean or a list of them");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "token_bound_cidrs", "10.0.0.0/99")))
                .hasMessageContaining("prefix length");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(with(base, "token_ttl", "2h"), "token_max_ttl", "1h")))
                .hasMessage("token_ttl should not be greater than token_max_ttl");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "clock_skew_leeway", "soon")))
                .hasMessageContaining("clock_skew_leeway");
        assertThatThrownBy(() -> h.write("auth/jwt/role/r", with(base, "user_claim", " ")))
                .hasMessageContaining("user_claim");
    }

    private static Map<String, Object> with(Map<String, Object> base, String k, Object v) {
        Map<String, Object> m = new java.util.HashMap<>(base);
        m.put(k, v);
        return m;
    }
}
