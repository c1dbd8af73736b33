package dev.coffer.http;

import dev.coffer.core.CofferException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
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
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("coffer", key, password, chain.toArray(new Certificate[0]));
            return ks;
        } catch (CofferException e) {
            throw e;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw CofferException.invalid("cannot load TLS certificate or key (" + certFile + ", " + keyFile
                    + "): " + e.getClass().getSimpleName());
        }
    }

    private static PrivateKey readKey(Path keyFile) throws IOException {
        try (Reader r = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(r)) {
            Object o = parser.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair pair) {
                return conv.getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            throw CofferException.invalid("tls_key_file " + keyFile
                    + " holds no unencrypted private key in PEM form");
        }
    }
}
