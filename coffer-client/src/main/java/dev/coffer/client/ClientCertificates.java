package dev.coffer.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * The key managers of a TLS client certificate from PEM files: the certificate (chain, leaf first)
 * and its unencrypted private key as PKCS#8 ({@code BEGIN PRIVATE KEY}) or, for RSA, PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}). Other key forms are refused with the command that converts them.
 */
final class ClientCertificates {
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption with NULL parameters, DER. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
        0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private ClientCertificates() {}

    static KeyManager[] keyManagers(Path certFile, Path keyFile) {
        char[] password = "coffer-client".toCharArray();
        try {
            List<? extends Certificate> chain;
            try (var in = Files.newInputStream(certFile)) {
                chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            if (chain.isEmpty()) {
                throw fail("client certificate " + certFile + " holds no certificate");
            }
            PrivateKey key = readKey(keyFile);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return kmf.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw fail("cannot load client certificate " + certFile + " and key " + keyFile + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static ApiException fail(String message) {
        return new ApiException(0, List.of(message));
    }

    private static PrivateKey readKey(Path keyFile) throws IOException {
        String text = Files.readString(keyFile, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (!type.equals("PRIVATE KEY") && !type.equals("RSA PRIVATE KEY")) {
                continue;
            }
            byte[] der = Base64.getMimeDecoder().decode(m.group(2).replaceAll("\\s", ""));
            try {
                byte[] pkcs8 = type.equals("RSA PRIVATE KEY") ? wrapRsa(der) : der;
                return decode(pkcs8, type.equals("RSA PRIVATE KEY") ? List.of("RSA") : List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS"));
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }
        throw fail("client key " + keyFile + " holds no unencrypted PKCS#8 (BEGIN PRIVATE KEY) or RSA key; convert it "
                + "with: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8");
    }

    private static PrivateKey decode(byte[] pkcs8, List<String> algorithms) {
        for (String alg : algorithms) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw fail("client key is not an RSA, EC or Ed25519 private key");
    }

    /** PKCS#1 RSAPrivateKey to PKCS#8 PrivateKeyInfo. */
    private static byte[] wrapRsa(byte[] pkcs1) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(RSA_ALGORITHM);
        body.write(0x04);
        body.writeBytes(length(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(length(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] length(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        }
        if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        }
        if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }
}
