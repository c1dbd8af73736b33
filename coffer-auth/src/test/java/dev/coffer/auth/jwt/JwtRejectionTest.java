package dev.coffer.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.coffer.core.CofferException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a login is refused: each gets a clear 400 (403 for addresses), an audit line with the
 * reason, and no token.
 */
class JwtRejectionTest {
    @TempDir
    Path dir;
    private TestIssuer issuer;
    private JwtHarness h;
    private long now;

    @BeforeEach
    void setUp() throws Exception {
        issuer = new TestIssuer();
        h = new JwtHarness(dir);
        h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(),
                "bound_issuer", "https://token.actions.githubusercontent.com"));
        h.write("auth/jwt/role/ci", Map.of("bound_audiences", "https://github.com/octo-org",
                "bound_subject", "repo:octo-org/app:ref:refs/heads/main",
                "bound_claims", Map.of("repository", "octo-org/app", "ref", "refs/heads/main"),
                "token_policies", "deploy"));
        h.write("auth/jwt/role/globbed", Map.of("bound_audiences", "https://github.com/octo-org",
                "bound_claims_type", "glob", "bound_claims", Map.of("ref", List.of("refs/heads/release-*")),
                "token_policies", "deploy", "max_age", "120s"));
        now = h.clock.seconds();
    }

    @AfterEach
    void tearDown() {
        issuer.close();
    }

    private Map<String, Object> claims() {
        return TestIssuer.github(now, "octo-org/app", "refs/heads/main");
    }

    private void refused(String role, String jwt, String message) throws Exception {
        List<String> before = h.accessors();
        long auditBefore = h.loginResponses().size();
        assertThatThrownBy(() -> h.login(role, jwt)).isInstanceOf(CofferException.class).hasMessage(message)
                .satisfies(e -> assertThat(((CofferException) e).kind().httpStatus()).isIn(400, 403));
        assertThat(h.accessors()).as("no token issued").isEqualTo(before);
        List<JsonNode> lines = h.loginResponses();
        assertThat(lines).hasSize((int) auditBefore + 1);
        assertThat(lines.get(lines.size() - 1).path("error").asText()).isEqualTo(message);
        if (jwt != null && jwt.length() > 20) {
            assertThat(Files.readString(h.auditLog)).doesNotContain(jwt);
        }
    }

    @Test
    void theGoodTokenLogsInSoEachRefusalBelowIsAboutOneThing() {
        assertThat(h.login("ci", issuer.sign("rsa-1", claims())).clientToken()).isNotEmpty();
    }

    @Test
    void expiredBeyondTheLeewayIsRefusedWithinItAccepted() throws Exception {
        Map<String, Object> c = claims();
        c.put("exp", now - 150 - 60 - 1);
        refused("ci", issuer.sign("rsa-1", c), "token is expired");
        c.put("exp", now - 100);
        assertThat(h.login("ci", issuer.sign("rsa-1", c)).clientToken()).isNotEmpty();
        h.write("auth/jwt/role/ci", Map.of("expiration_leeway", "-1", "clock_skew_leeway", "0"));
        refused("ci", issuer.sign("rsa-1", c), "token is expired");
        Map<String, Object> noExp = claims();
        noExp.remove("exp");
        refused("ci", issuer.sign("rsa-1", noExp), "token has no expiration time (exp) claim");
    }

    @Test
    void notYetValidIsRefused() throws Exception {
        Map<String, Object> c = claims();
        c.put("nbf", now + 1000);
        refused("ci", issuer.sign("rsa-1", c), "token is not yet valid (nbf is in the future)");
        c.put("nbf", now);
        c.put("iat", now + 1000);
        refused("ci", issuer.sign("rsa-1", c), "token was issued in the future (iat)");
    }

    @Test
    void wrongAudienceIsRefused() throws Exception {
        Map<String, Object> c = claims();
        c.put("aud", "https://github.com/other-org");
        refused("ci", issuer.sign("rsa-1", c), "audience claim does not match any bound audience");
        c.remove("aud");
        refused("ci", issuer.sign("rsa-1", c), "audience claim does not match any bound audience");
        h.write("auth/jwt/role/noaud", Map.of("bound_subject", "repo:octo-org/app:ref:refs/heads/main"));
        refused("noaud", issuer.sign("rsa-1", claims()), "audience claim found in JWT but no audiences bound to the role");
    }

    @Test
    void wrongIssuerAndSubjectAreRefused() throws Exception {
        Map<String, Object> c = claims();
        c.put("iss", "https://evil.example.com");
        refused("ci", issuer.sign("rsa-1", c), "issuer claim (iss) does not match the bound issuer");
        c = claims();
        c.put("sub", "repo:octo-org/app:ref:refs/heads/dev");
        refused("ci", issuer.sign("rsa-1", c), "subject claim (sub) does not match the role's bound subject");
    }

    @Test
    void anUnknownKeyIsRefusedEvenAfterARefetch() throws Exception {
        int fetches = issuer.jwksFetches.get();
        h.clock.advance(RemoteKeys.MIN_REFETCH.toSeconds() + 1);
        now = h.clock.seconds();
        refused("ci", issuer.sign("rsa-unknown", claims()),
                "no signing key matches the token's key id (kid), even after refreshing the keys");
        assertThat(issuer.jwksFetches.get()).isEqualTo(fetches + 1);
    }

    @Test
    void algNoneIsRefused() throws Exception {
        String unsigned = TestIssuer.b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + TestIssuer.b64(JSONObjectUtils.toJSONString(claims())) + ".";
        refused("ci", unsigned, "unsigned tokens (alg \"none\") are not accepted");
        String noneUpper = TestIssuer.b64("{\"alg\":\"NONE\"}") + "." + TestIssuer.b64(JSONObjectUtils.toJSONString(claims())) + ".";
        refused("ci", noneUpper, "unsigned tokens (alg \"none\") are not accepted");
    }

    @Test
    void hmacSignedWithThePublicKeyIsRefused() throws Exception {
        byte[] der = issuer.rsa.getPublic().getEncoded();
        byte[] pem = PemKeys.toPem(issuer.rsa.getPublic()).getBytes(StandardCharsets.US_ASCII);
        for (JWSAlgorithm alg : List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512)) {
            for (byte[] secret : List.of(der, pem)) {
                JWSObject o = new JWSObject(new JWSHeader.Builder(alg).keyID("rsa-1").build(),
                        new Payload(JSONObjectUtils.toJSONString(claims())));
                o.sign(new MACSigner(secret));
                refused("ci", o.serialize(), "token signing algorithm \"" + alg.getName()
                        + "\" is not accepted: symmetric (HMAC) algorithms are refused; use RS*, PS*, ES* or EdDSA");
            }
        }
        h.write("auth/jwt/config", Map.of("jwt_validation_pubkeys", PemKeys.toPem(issuer.rsa.getPublic())));
        JWSObject o = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), new Payload(JSONObjectUtils.toJSONString(claims())));
        o.sign(new MACSigner(der));
        refused("ci", o.serialize(), "token signing algorithm \"HS256\" is not accepted: symmetric (HMAC) algorithms"
                + " are refused; use RS*, PS*, ES* or EdDSA");
    }

    @Test
    void aKeyOfOneTypeCannotBeTalkedIntoAnotherAlgorithm() throws Exception {
        // An ES256 header naming the RSA key's kid: the RSA key only verifies RS/PS.
        String forged = TestIssuer.signRaw(Map.of("alg", "ES256", "kid", "rsa-1"), claims(), "SHA256withECDSA", issuer.ec);
        refused("ci", forged, "no configured key can verify a token signed with ES256");
        h.write("auth/jwt/config", Map.of("jwks_url", issuer.jwksUrl(),
                "bound_issuer", "https://token.actions.githubusercontent.com", "jwt_supported_algs", "ES256"));
        refused("ci", issuer.sign("rsa-1", claims()), "token signing algorithm \"RS256\" is not in the mount's jwt_supported_algs");
    }

    @Test
    void aClaimThatFailsItsBindingIsRefused() throws Exception {
        Map<String, Object> c = TestIssuer.github(now, "octo-org/app", "refs/heads/main");
        c.put("repository", "octo-org/other");
        refused("ci", issuer.sign("rsa-1", c), "claim \"repository\" does not match any associated bound claim values");
        c.remove("repository");
        refused("ci", issuer.sign("rsa-1", c), "claim \"repository\" is missing");
        refused("globbed", issuer.sign("rsa-1", claims()), "claim \"ref\" does not match any associated bound claim values");
        assertThat(h.login("globbed", issuer.sign("rsa-1", TestIssuer.github(now, "octo-org/app",
                "refs/heads/release-1.2"))).clientToken()).isNotEmpty();
    }

    @Test
    void aBadSignatureIsRefused() throws Exception {
        String good = issuer.sign("rsa-1", claims());
        String[] parts = good.split("\\.");
        Map<String, Object> c = claims();
        c.put("repository", "octo-org/app");
        c.put("actor", "mallory");
        String tampered = parts[0] + "." + TestIssuer.b64(JSONObjectUtils.toJSONString(c)) + "." + parts[2];
        refused("ci", tampered, "token signature could not be verified with any configured key");
        String otherKey = TestIssuer.signRaw(Map.of("alg", "RS256", "kid", "rsa-1"), claims(), "SHA256withRSA",
                java.security.KeyPairGenerator.getInstance("RSA").generateKeyPair());
        refused("ci", otherKey, "token signature could not be verified with any configured key");
        refused("ci", issuer.sign("ed-1", claims()).replaceAll(".{4}$", "AAAA"),
                "token signature could not be verified with any configured key");
    }

    @Test
    void maxAgeExceededIsRefused() throws Exception {
        Map<String, Object> c = TestIssuer.github(now - 300, "octo-org/app", "refs/heads/release-1");
        c.put("exp", now + 300);
        refused("globbed", issuer.sign("rsa-1", c), "token is older than the role's max_age");
        c.remove("iat");
        refused("globbed", issuer.sign("rsa-1", c), "the role sets max_age but the token has no issued-at (iat) claim");
    }

    @Test
    void malformedTokensAndBadRequestsAreRefused() throws Exception {
        refused("ci", "", "missing token: the 'jwt' field is empty");
        refused("ci", "not-a-jwt", "token is malformed: a JWT has three dot-separated parts");
        refused("ci", "a.b", "token is malformed: a JWT has three dot-separated parts");
        refused("ci", "a.b.c.d.e", "encrypted tokens (JWE) are not accepted; send a signed JWT");
        refused("ci", "%%%.b.c", "token is malformed: its header is not base64url-encoded JSON");
        refused("ci", TestIssuer.b64("{\"alg\":\"RS256\"}") + ".bm90IGpzb24.c2ln",
                "token is malformed: its header or claims could not be parsed");
        refused("ci", TestIssuer.b64("{\"typ\":\"JWT\"}") + ".e30.c2ln", "token has no signing algorithm (alg)");
        refused("ci", "x".repeat(TokenValidator.MAX_TOKEN_CHARS + 1), "token is too large (more than 65536 characters)");
        refused("nope", issuer.sign("rsa-1", claims()), "role \"nope\" could not be found");
        refused(null, issuer.sign("rsa-1", claims()), "missing role: give 'role' or set the mount's default_role");
        h.write("auth/jwt/role/ci", Map.of("user_claim", "workflow_sha"));
        refused("ci", issuer.sign("rsa-1", claims()), "claim \"workflow_sha\" not found in token");
    }
}
