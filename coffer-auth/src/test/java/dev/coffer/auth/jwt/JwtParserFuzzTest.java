package dev.coffer.auth.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.CofferException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Combinators;

/**
 * Random and mutated JWT strings through the login's parser and verifier: the only outcome other
 * than success is a 400 {@link CofferException} — never a 500 or another exception.
 */
class JwtParserFuzzTest {
    private static final java.security.KeyPair RSA = rsa();
    private static final KeySource KEYS = new KeySource.Static(List.of(new VerificationKey("", RSA.getPublic(), null)));
    private static final String VALID = valid();

    private static java.security.KeyPair rsa() {
        try {
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String valid() {
        try {
            long now = java.time.Instant.now().getEpochSecond();
            return TestIssuer.signRaw(java.util.Map.of("alg", "RS256", "kid", "k"),
                    TestIssuer.github(now, "octo-org/app", "refs/heads/main"), "SHA256withRSA", RSA);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Provide
    Arbitrary<String> tokens() {
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> b64ish = Arbitraries.strings().withChars("ABCxyz019-_.=+/{}\":,").ofMaxLength(200);
        Arbitrary<String> headers = Arbitraries.of("{\"alg\":\"RS256\"}", "{\"alg\":\"none\"}", "{\"alg\":\"HS256\"}",
                "{\"alg\":\"EdDSA\",\"crit\":[\"x\"]}", "{\"alg\":1}", "{\"alg\":\"ES256\",\"kid\":null}", "[]", "null",
                "{\"alg\":\"RS256\",\"jwk\":{\"kty\":\"oct\",\"k\":\"AA\"}}", "{\"alg\":\"PS256\",\"b64\":false,\"crit\":[\"b64\"]}");
        Arbitrary<String> payloads = Arbitraries.of("{}", "{\"exp\":\"soon\"}", "{\"aud\":5}", "[1]", "\"x\"",
                "{\"exp\":1e400}", "{\"nbf\":-1,\"iat\":9223372036854775807}", "{\"sub\":{\"a\":[]}}", "{\"a\":");
        Arbitrary<String> assembled = Combinators.combine(headers, payloads, b64ish).as((h, p, s) ->
                b64(h) + "." + b64(p) + "." + s);
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.integers().between(0, VALID.length() - 1),
                Arbitraries.chars().all()).as((i, c) -> VALID.substring(0, i) + c + VALID.substring(i + 1));
        Arbitrary<String> truncated = Arbitraries.integers().between(0, VALID.length()).map(i -> VALID.substring(0, i));
        return Arbitraries.oneOf(random, b64ish, assembled, mutated, truncated);
    }

    @Property(tries = 1500)
    void anyStringIsEitherAcceptedOrRefusedWithA400(@ForAll("tokens") String jwt) {
        try {
            var parsed = TokenValidator.parse(jwt);
            var v = TokenValidator.verifySignature(parsed, KEYS, List.of());
            TokenValidator.checkTimes(v.claimSet(), JwtRole.defaults(), java.time.Clock.systemUTC());
            JwtLogin.checkBoundClaims(JwtRole.defaults(), v.claims());
            JwtLogin.metadata("r", JwtRole.defaults(), v.claims());
        } catch (CofferException e) {
            assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
            assertThat(e.getMessage()).isNotBlank();
            if (jwt.length() > 16) {
                assertThat(e.getMessage()).doesNotContain(jwt);
            }
        }
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

}
