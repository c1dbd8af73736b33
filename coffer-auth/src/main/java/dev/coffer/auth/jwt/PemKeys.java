package dev.coffer.auth.jwt;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM public keys ({@code PUBLIC KEY}: RSA, EC, Ed25519) or certificates for {@code jwt_validation_pubkeys}. */
final class PemKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PemKeys() {}

    static PublicKey parse(String field, String pem) {
        Matcher m = BLOCK.matcher(pem == null ? "" : pem.strip());
        if (!m.find()) {
            throw JwtErrors.invalid(field + ": not a PEM-encoded public key");
        }
        String type = m.group(1);
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw JwtErrors.invalid(field + ": the PEM block is not valid base64");
        }
        PublicKey key;
        if (type.equals("CERTIFICATE")) {
            try {
                key = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der))
                        .getPublicKey();
            } catch (GeneralSecurityException e) {
                throw JwtErrors.invalid(field + ": the certificate could not be parsed");
            }
        } else if (type.equals("PUBLIC KEY")) {
            key = spki(der);
            if (key == null) {
                throw JwtErrors.invalid(field + ": not an RSA, EC or Ed25519 public key");
            }
        } else {
            throw JwtErrors.invalid(field + ": a PEM \"" + type
                    + "\" block is not accepted; give a \"PUBLIC KEY\" or \"CERTIFICATE\" block");
        }
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < Algorithms.MIN_RSA_BITS) {
            throw JwtErrors.invalid(field + ": RSA keys must have at least " + Algorithms.MIN_RSA_BITS + " bits");
        }
        if (!(Algorithms.keyFits(key, com.nimbusds.jose.JWSAlgorithm.RS256)
                || Algorithms.keyFits(key, com.nimbusds.jose.JWSAlgorithm.ES256)
                || Algorithms.keyFits(key, com.nimbusds.jose.JWSAlgorithm.ES384)
                || Algorithms.keyFits(key, com.nimbusds.jose.JWSAlgorithm.ES512)
                || Algorithms.keyFits(key, com.nimbusds.jose.JWSAlgorithm.EdDSA))) {
            throw JwtErrors.invalid(field + ": unsupported key type or curve (use RSA, P-256, P-384, P-521 or Ed25519)");
        }
        return key;
    }

    private static PublicKey spki(byte[] der) {
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // not this algorithm: try the next
            }
        }
        return null;
    }

    /** For tests and docs: a public key as a PEM block. */
    static String toPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
