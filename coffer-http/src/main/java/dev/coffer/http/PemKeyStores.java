package dev.coffer.http;

import dev.coffer.core.CofferException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Builds an in-memory key store from PEM files as operators have them: a certificate chain and a
 * private key in PKCS#8, PKCS#1 (RSA) or SEC1 (EC) form. BouncyCastle reads the key formats the JDK
 * cannot.
 */
final class PemKeyStores {
    private PemKeyStores() {}

    static KeyStore load(Path certFile, Path keyFile, char[] password) {
        try {
            List<Certificate> chain = new ArrayList<>();
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            try (var in = Files.newInputStream(certFile)) {
                chain.addAll(cf.generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw CofferException.invalid("tls_cert_file " + certFile + " holds no certificate");
            }
            PrivateKey key = readKey(keyFile);
            checkPair(key, chain.get(0).getPublicKey(), certFile, keyFile);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("coffer", key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (CofferException e) {
            throw e;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw CofferException.invalid("cannot load TLS certificate or key (" + certFile + ", " + keyFile
                    + "): " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** A trust store of every certificate in a PEM file ({@code tls_client_ca_file}). */
    static KeyStore trustStore(Path caFile) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            try (var in = Files.newInputStream(caFile)) {
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("client-ca-" + i++, c);
                }
            }
            if (i == 0) {
                throw CofferException.invalid("tls_client_ca_file " + caFile + " holds no certificate");
            }
            return ks;
        } catch (CofferException e) {
            throw e;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw CofferException.invalid("cannot load tls_client_ca_file " + caFile + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** The first private key in the file; other PEM objects (EC PARAMETERS, certificates) are skipped. */
    private static PrivateKey readKey(Path keyFile) throws IOException {
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(r)) {
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PEMKeyPair pair) {
                    return conv.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return conv.getPrivateKey(info);
                }
            }
            throw CofferException.invalid("tls_key_file " + keyFile
                    + " holds no unencrypted private key in PEM form");
        }
    }

    /** Refuses a key that does not belong to the certificate: signs a probe and verifies it. */
    private static void checkPair(PrivateKey key, PublicKey pub, Path certFile, Path keyFile)
            throws java.security.GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (alg == null || !pub.getAlgorithm().equals(key.getAlgorithm())
                && !(alg.equals("Ed25519") && pub.getAlgorithm().startsWith("Ed"))) {
            throw CofferException.invalid("tls_key_file " + keyFile + " (" + key.getAlgorithm()
                    + ") does not match the certificate in " + certFile + " (" + pub.getAlgorithm() + ")");
        }
        byte[] probe = "coffer-tls-key-check".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance(alg);
        signer.initSign(key);
        signer.update(probe);
        byte[] sig = signer.sign();
        Signature verifier = Signature.getInstance(alg);
        verifier.initVerify(pub);
        verifier.update(probe);
        if (!verifier.verify(sig)) {
            throw CofferException.invalid("tls_key_file " + keyFile + " is not the private key of the certificate in "
                    + certFile);
        }
    }
}
