package dev.coffer.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses and verifies a login JWT: only asymmetric algorithms, the verifier picked from the key's
 * type, then {@code exp}, {@code nbf}, {@code iat} (and {@code max_age}), {@code aud}, {@code iss}
 * and {@code sub}. Every refusal is a 400 that says why and never quotes the token.
 */
final class TokenValidator {
    static final int MAX_TOKEN_CHARS = 64 * 1024;

    private TokenValidator() {}

    /** A token whose signature checked out, and its claims. */
    record Verified(JWTClaimsSet claimSet, Map<String, Object> claims) {
        @Override
        public String toString() {
            return "Verified[claims=" + claims.keySet() + "]";
        }
    }

    /** Syntax only: three parts, an allowed alg, JSON header and claims. */
    static SignedJWT parse(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            throw JwtErrors.invalid("missing token: the 'jwt' field is empty");
        }
        if (jwt.length() > MAX_TOKEN_CHARS) {
            throw JwtErrors.invalid("token is too large (more than " + MAX_TOKEN_CHARS + " characters)");
        }
        String[] parts = jwt.strip().split("\\.", -1);
        if (parts.length == 5) {
            throw JwtErrors.invalid("encrypted tokens (JWE) are not accepted; send a signed JWT");
        }
        if (parts.length != 3) {
            throw JwtErrors.invalid("token is malformed: a JWT has three dot-separated parts");
        }
        Object alg;
        try {
            alg = JSONObjectUtils.parse(new Base64URL(parts[0]).decodeToString()).get("alg");
        } catch (ParseException | RuntimeException e) {
            throw JwtErrors.invalid("token is malformed: its header is not base64url-encoded JSON");
        }
        String why = Algorithms.refusal(alg instanceof String s ? s : null);
        if (why != null) {
            throw JwtErrors.invalid(why);
        }
        try {
            SignedJWT signed = SignedJWT.parse(jwt.strip());
            signed.getJWTClaimsSet();
            return signed;
        } catch (ParseException | RuntimeException e) {
            throw JwtErrors.invalid("token is malformed: its header or claims could not be parsed");
        }
    }

    /** Checks the signature against the key source; returns the claims. */
    static Verified verifySignature(SignedJWT jwt, KeySource keys, List<String> supportedAlgs) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!supportedAlgs.isEmpty() && !supportedAlgs.contains(alg.getName())) {
            throw JwtErrors.invalid("token signing algorithm " + JwtErrors.quote(alg.getName())
                    + " is not in the mount's jwt_supported_algs");
        }
        String kid = jwt.getHeader().getKeyID() == null ? "" : jwt.getHeader().getKeyID();
        List<VerificationKey> found = keys.keys(kid);
        if (!kid.isEmpty() && found.isEmpty()) {
            throw JwtErrors.invalid("no signing key matches the token's key id (kid), even after refreshing the keys");
        }
        List<VerificationKey> fitting = found.stream().filter(k -> k.fits(alg)).toList();
        if (fitting.isEmpty()) {
            throw JwtErrors.invalid("no configured key can verify a token signed with " + alg.getName());
        }
        for (VerificationKey k : fitting) {
            try {
                if (jwt.verify(k.verifier())) {
                    JWTClaimsSet set = jwt.getJWTClaimsSet();
                    return new Verified(set, set.toJSONObject());
                }
            } catch (JOSEException | ParseException | IllegalStateException e) {
                // this key cannot verify it; try the next
            }
        }
        throw JwtErrors.invalid("token signature could not be verified with any configured key");
    }

    /** {@code exp} (required), {@code nbf}, {@code iat}, {@code max_age}, with the role's leeways. */
    static void checkTimes(JWTClaimsSet c, JwtRole role, Clock clock) {
        Instant now = clock.instant();
        long skew = Math.max(0, role.clockSkewLeeway());
        Date exp = c.getExpirationTime();
        if (exp == null) {
            throw JwtErrors.invalid("token has no expiration time (exp) claim");
        }
        if (now.isAfter(exp.toInstant().plusSeconds(Math.max(0, role.expirationLeeway()) + skew))) {
            throw JwtErrors.invalid("token is expired");
        }
        Date nbf = c.getNotBeforeTime();
        if (nbf != null && now.plusSeconds(Math.max(0, role.notBeforeLeeway()) + skew).isBefore(nbf.toInstant())) {
            throw JwtErrors.invalid("token is not yet valid (nbf is in the future)");
        }
        Date iat = c.getIssueTime();
        if (iat != null && now.plusSeconds(skew).isBefore(iat.toInstant())) {
            throw JwtErrors.invalid("token was issued in the future (iat)");
        }
        if (role.maxAge() > 0) {
            if (iat == null) {
                throw JwtErrors.invalid("the role sets max_age but the token has no issued-at (iat) claim");
            }
            if (now.isAfter(iat.toInstant().plusSeconds(role.maxAge() + skew))) {
                throw JwtErrors.invalid("token is older than the role's max_age");
            }
        }
    }

    /** {@code aud} against the role, {@code iss} against the bound (or discovered) issuer, {@code sub}. */
    static void checkIdentity(JWTClaimsSet c, JwtRole role, JwtConfig config, Optional<String> discoveredIssuer) {
        List<String> aud = c.getAudience() == null ? List.of() : c.getAudience();
        if (role.boundAudiences().isEmpty()) {
            if (!aud.isEmpty()) {
                throw JwtErrors.invalid("audience claim found in JWT but no audiences bound to the role");
            }
        } else if (aud.stream().noneMatch(role.boundAudiences()::contains)) {
            throw JwtErrors.invalid("audience claim does not match any bound audience");
        }
        Optional<String> issuer = config.boundIssuer().isEmpty() ? discoveredIssuer : Optional.of(config.boundIssuer());
        if (issuer.isPresent() && !issuer.get().equals(c.getIssuer())) {
            throw JwtErrors.invalid("issuer claim (iss) does not match the bound issuer");
        }
        if (!role.boundSubject().isEmpty() && !role.boundSubject().equals(c.getSubject())) {
            throw JwtErrors.invalid("subject claim (sub) does not match the role's bound subject");
        }
    }
}
