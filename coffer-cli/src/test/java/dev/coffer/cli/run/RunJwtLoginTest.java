package dev.coffer.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code coffer run --auth-method jwt}: logs in with a CI job's ID token, injects the secrets its
 * role allows, and leaves no live token behind — whether the command succeeds, fails or is
 * signalled.
 */
@Timeout(120)
class RunJwtLoginTest extends RunHarness {
    private static final String PASSWORD = "made-up-deploy-password-0815";
    private static KeyPair key;

    @BeforeEach
    void enableJwt() throws Exception {
        if (key == null) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            key = g.generateKeyPair();
            root.write("sys/auth/jwt-ci", Map.of("type", "jwt"));
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder().encodeToString(key.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
            root.write("auth/jwt-ci/config", Map.of("jwt_validation_pubkeys", List.of(pem),
                    "bound_issuer", "https://token.actions.githubusercontent.com"));
            root.write("sys/policies/acl/ci-deploy", Map.of("policy",
                    "path \"secret/data/ci/{{identity.claims.repository}}/*\" { capabilities = [\"read\"] }"));
            root.write("auth/jwt-ci/role/deploy", Map.of("bound_audiences", List.of("https://github.com/octo-org"),
                    "bound_claims", Map.of("ref", "refs/heads/main"), "token_policies", List.of("ci-deploy"),
                    "token_ttl", "10m"));
            putV2("secret", "ci/octo-org/app/db", Map.of("password", PASSWORD));
        }
    }

    private Path idToken(String ref) throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://token.actions.githubusercontent.com");
        claims.put("aud", "https://github.com/octo-org");
        claims.put("sub", "repo:octo-org/app:ref:" + ref);
        claims.put("repository", "octo-org/app");
        claims.put("repository_owner", "octo-org");
        claims.put("ref", ref);
        claims.put("workflow", "deploy");
        claims.put("iat", now);
        claims.put("nbf", now - 5);
        claims.put("exp", now + 300);
        ObjectMapper json = new ObjectMapper();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT"))) + "."
                + b64.encodeToString(json.writeValueAsBytes(claims));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        Path f = dir.resolve("id-token-" + ref.replace('/', '-'));
        Files.writeString(f, input + "." + b64.encodeToString(s.sign()) + "\n");
        return f;
    }

    @SuppressWarnings("unchecked")
    private static List<String> accessors() {
        Map<String, Object> data = (Map<String, Object>) root.list("auth/token/accessors").orThrow().get("data");
        return (List<String>) data.get("keys");
    }

    private Result runAs(Path jwt, String script) throws Exception {
        useToken("not-a-valid-token-the-login-replaces-it");
        return run("--auth-method", "jwt", "--auth-path", "jwt-ci", "--role", "deploy", "--jwt-file", jwt.toString(),
                "-secret", "DB_PASSWORD=coffer://secret/ci/octo-org/app/db#password", "--", "sh", "-c", script);
    }

    @Test
    void logsInInjectsTheSecretAndRevokesItsTokenWhenTheStepEnds() throws Exception {
        List<String> before = accessors();
        Path seen = dir.resolve("seen");
        Path jwt = idToken("refs/heads/main");
        Result r = runAs(jwt, "printf '%s' \"$DB_PASSWORD\" > " + sq(seen.toString()) + "; echo \"$DB_PASSWORD\"");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(seen)).isEqualTo(PASSWORD);
        assertThat(r.out()).isEqualTo("***\n");
        assertThat(accessors()).as("the login token is revoked").isEqualTo(before);
        String token = Files.readString(jwt).strip();
        assertThat(r.err()).doesNotContain(token);

        Path tokenSeen = dir.resolve("token");
        useToken("not-a-valid-token-the-login-replaces-it");
        Result passed = run("--auth-method", "jwt", "--auth-path", "jwt-ci", "--role", "deploy", "--jwt-file",
                jwt.toString(), "-pass-token", "--", "sh", "-c", "printf '%s' \"$COFFER_TOKEN\" > " + sq(tokenSeen.toString()));
        assertThat(passed.code()).as(passed.err()).isZero();
        String loginToken = Files.readString(tokenSeen);
        assertThat(loginToken).startsWith("cfs_");
        assertThat(dev.coffer.client.CofferClient.create(address, loginToken, null)
                .send("GET", "auth/token/lookup-self", null).status()).isEqualTo(403);
        assertThat(accessors()).isEqualTo(before);
    }

    @Test
    void theTokenIsRevokedWhenTheCommandFailsOrIsSignalled() throws Exception {
        List<String> before = accessors();
        Path jwt = idToken("refs/heads/main");
        assertThat(runAs(jwt, "exit 3").code()).isEqualTo(3);
        assertThat(accessors()).isEqualTo(before);
        assertThat(runAs(jwt, "kill -TERM $$").code()).isEqualTo(143);
        assertThat(accessors()).isEqualTo(before);
    }

    @Test
    void aRefusedLoginStartsNothingAndSaysWhy() throws Exception {
        List<String> before = accessors();
        Path marker = dir.resolve("started");
        Result r = runAs(idToken("refs/heads/feature"), "touch " + sq(marker.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("login at auth/jwt-ci failed")
                .contains("claim \"ref\" does not match any associated bound claim values");
        assertThat(marker).doesNotExist();
        assertThat(accessors()).isEqualTo(before);
        Result missing = run("--auth-method", "jwt", "--role", "deploy", "--", "true");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--jwt-file");
    }
}
