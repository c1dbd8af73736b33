package dev.coffer.auth.jwt;

import com.nimbusds.jose.JWSAlgorithm;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Set;

/**
 * The signature algorithms a login accepts: asymmetric only. The algorithm a key may verify
 * follows from the key's own type (an RSA key verifies RS and PS, a P-256 key ES256, an Ed25519
 * key EdDSA), so a header cannot talk a public key into being used as an HMAC secret.
 */
final class Algorithms {
    static final List<String> ALLOWED = List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512", "EdDSA");

    private static final Set<String> RSA = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
    static final int MIN_RSA_BITS = 2048;

    private Algorithms() {}

    /** Null if allowed, else the reason it is refused. */
    static String refusal(String alg) {
        if (alg == null || alg.isEmpty()) {
            return "token has no signing algorithm (alg)";
        }
        if (alg.equalsIgnoreCase("none")) {
            return "unsigned tokens (alg \"none\") are not accepted";
        }
        if (alg.toUpperCase(java.util.Locale.ROOT).startsWith("HS")) {
            return "token signing algorithm " + JwtErrors.quote(alg)
                    + " is not accepted: symmetric (HMAC) algorithms are refused; use RS*, PS*, ES* or EdDSA";
        }
        if (!ALLOWED.contains(alg)) {
            return "token signing algorithm " + JwtErrors.quote(alg) + " is not supported; supported: "
                    + String.join(", ", ALLOWED);
        }
        return null;
    }

    /** True if {@code key}, by its type and curve, verifies signatures of {@code alg}. */
    static boolean keyFits(PublicKey key, JWSAlgorithm alg) {
        String a = alg.getName();
        if (key instanceof RSAPublicKey rsa) {
            return RSA.contains(a) && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return (a.equals("ES256") && bits == 256) || (a.equals("ES384") && bits == 384)
                    || (a.equals("ES512") && bits == 521);
        }
        if (key instanceof EdECPublicKey ed) {
            return a.equals("EdDSA") && ed.getParams().getName().equalsIgnoreCase("Ed25519");
        }
        return false;
    }
}
