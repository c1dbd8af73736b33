package dev.coffer.auth.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.Curve;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/**
 * One public key a token may be verified with: its key id (empty for PEM keys), the key, and the
 * algorithm its JWK pins (if any). The verifier is chosen from the key's type, never from the
 * token's header.
 */
record VerificationKey(String kid, PublicKey key, String pinnedAlg) {
    /** Ed25519 SubjectPublicKeyInfo prefix: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (32 bytes) }. */
    private static final byte[] ED25519_SPKI = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    boolean fits(JWSAlgorithm alg) {
        return (pinnedAlg == null || pinnedAlg.equals(alg.getName())) && Algorithms.keyFits(key, alg);
    }

    JWSVerifier verifier() throws JOSEException {
        if (key instanceof RSAPublicKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (key instanceof ECPublicKey ec) {
            return new ECDSAVerifier(ec);
        }
        if (key instanceof EdECPublicKey) {
            return new Ed25519JdkVerifier(key);
        }
        throw new JOSEException("unsupported key type");
    }

    /** A JWKS entry as a verification key; empty for private, symmetric, encryption or unsupported keys. */
    static Optional<VerificationKey> fromJwk(JWK jwk) {
        if (jwk.isPrivate() || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
            return Optional.empty();
        }
        String alg = jwk.getAlgorithm() == null ? null : jwk.getAlgorithm().getName();
        if (alg != null && Algorithms.refusal(alg) != null) {
            return Optional.empty();
        }
        try {
            PublicKey key;
            if (jwk instanceof RSAKey rsa) {
                key = rsa.toRSAPublicKey();
            } else if (jwk instanceof ECKey ec) {
                key = ec.toECPublicKey();
            } else if (jwk instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
                key = ed25519(okp.getX().decode());
            } else {
                return Optional.empty();
            }
            return Optional.of(new VerificationKey(jwk.getKeyID() == null ? "" : jwk.getKeyID(), key, alg));
        } catch (JOSEException | GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static PublicKey ed25519(byte[] x) throws GeneralSecurityException {
        if (x.length != 32) {
            throw new GeneralSecurityException("an Ed25519 public key is 32 bytes");
        }
        byte[] spki = new byte[ED25519_SPKI.length + 32];
        System.arraycopy(ED25519_SPKI, 0, spki, 0, ED25519_SPKI.length);
        System.arraycopy(x, 0, spki, ED25519_SPKI.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    @Override
    public String toString() {
        return "VerificationKey[kid=" + kid + ", type=" + key.getAlgorithm() + "]";
    }
}
