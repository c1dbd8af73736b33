package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import dev.coffer.core.Core;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.http.config.ListenerConfig;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS listeners from PEM files as operators have them, and the refusal of plain HTTP off loopback. */
class TlsTest {
    @TempDir
    Path dir;

    private Core core;

    @BeforeEach
    void core() {
        core = new Core(new MemoryStorage(), TestServer.CLOCK);
    }

    @AfterEach
    void closeCore() {
        core.close();
    }

    /** A self-signed certificate for 127.0.0.1 and localhost, and its key pair. */
    private record SelfSigned(X509Certificate cert, KeyPair keys) {}

    private static SelfSigned selfSigned(String algorithm) throws Exception {
        // BouncyCastle's EC keys carry their curve and public key, so the SEC1 form written from
        // them is the complete one OpenSSL writes (the JDK's encoding leaves both out).
        KeyPairGenerator gen = algorithm.equals("EC")
                ? KeyPairGenerator.getInstance(algorithm, new BouncyCastleProvider())
                : KeyPairGenerator.getInstance(algorithm);
        if (algorithm.equals("EC")) {
            gen.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            gen.initialize(2048);
        }
        KeyPair keys = gen.generateKeyPair();
        X500Name name = new X500Name("CN=coffer test");
        // Certificate validity is checked against the wall clock by the JDK, so it spans it widely.
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), name, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        String signature = algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())));
        return new SelfSigned(cert, keys);
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
    }

    private static HttpClient trusting(X509Certificate cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("coffer", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return TestServer.client(tls);
    }

    private static HttpResponse<String> send(HttpClient client, String method, URI uri, String body) throws Exception {
        return client.send(TestServer.request(uri)
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString());
    }

    /** Starts a TLS listener from the given PEM texts and checks health over https, then init. */
    private void servesHttps(SelfSigned s, String keyPem) throws Exception {
        Path cert = write("cert.pem", pem(s.cert()));
        Path key = write("key.pem", keyPem);
        try (CofferServer server = new CofferServer(core,
                List.of(new ListenerConfig("127.0.0.1:0", cert, key, false, ListenerConfig.DEFAULT_MAX_REQUEST_SIZE)))) {
            server.start();
            URI base = URI.create("https://127.0.0.1:" + server.port(0));
            HttpClient client = trusting(s.cert());
            assertThat(send(client, "GET", base.resolve("/v1/sys/health"), null).statusCode()).isEqualTo(501);
            HttpResponse<String> init = send(client, "PUT", base.resolve("/v1/sys/init"),
                    "{\"secret_shares\":1,\"secret_threshold\":1}");
            assertThat(init.statusCode()).isEqualTo(200);
            assertThat(init.body()).contains("root_token");
            assertThat(send(client, "GET", base.resolve("/v1/sys/health"), null).statusCode()).isEqualTo(503);

            // A client that does not trust the certificate cannot talk to it at all.
            assertThatThrownBy(() -> send(TestServer.CLIENT, "GET", base.resolve("/v1/sys/health"), null))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void servesHttpsWithAnEcKeyInPkcs8Form() throws Exception {
        SelfSigned s = selfSigned("EC");
        String key = pem(new JcaPKCS8Generator(s.keys().getPrivate(), null));
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
        servesHttps(s, key);
    }

    @Test
    void servesHttpsWithAnEcKeyInSec1Form() throws Exception {
        SelfSigned s = selfSigned("EC");
        String key = pem(s.keys().getPrivate());
        assertThat(key).startsWith("-----BEGIN EC PRIVATE KEY-----");
        servesHttps(s, key);
    }

    @Test
    void servesHttpsWithAnRsaKeyInPkcs1Form() throws Exception {
        SelfSigned s = selfSigned("RSA");
        String key = pem(s.keys().getPrivate());
        assertThat(key).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        servesHttps(s, key);
    }

    /** {@code openssl ecparam -genkey} writes the curve's parameters before the key. */
    @Test
    void servesHttpsWithAnEcKeyPrecededByItsParameters() throws Exception {
        SelfSigned s = selfSigned("EC");
        String params = "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";
        servesHttps(s, params + pem(s.keys().getPrivate()));
    }

    @Test
    void plainAndTlsListenersServeSideBySide() throws Exception {
        SelfSigned s = selfSigned("EC");
        Path cert = write("cert.pem", pem(s.cert()));
        Path key = write("key.pem", pem(new JcaPKCS8Generator(s.keys().getPrivate(), null)));
        try (CofferServer server = new CofferServer(core, List.of(
                new ListenerConfig("127.0.0.1:0", null, null, false, ListenerConfig.DEFAULT_MAX_REQUEST_SIZE),
                new ListenerConfig("127.0.0.1:0", cert, key, false, ListenerConfig.DEFAULT_MAX_REQUEST_SIZE)))) {
            server.start();
            assertThat(server.port(0)).isNotEqualTo(server.port(1));
            URI plain = URI.create("http://127.0.0.1:" + server.port(0) + "/v1/sys/init");
            URI tls = URI.create("https://127.0.0.1:" + server.port(1) + "/v1/sys/init");
            assertThat(send(TestServer.CLIENT, "GET", plain, null).body()).isEqualTo("{\"initialized\":false}");
            assertThat(send(trusting(s.cert()), "PUT", tls, "{\"secret_shares\":3,\"secret_threshold\":2}")
                    .statusCode()).isEqualTo(200);
            assertThat(send(TestServer.CLIENT, "GET", plain, null).body()).isEqualTo("{\"initialized\":true}");
        }
    }

    @Test
    void unreadableCertificatesOrKeysAreRefusedNamingTheFile() throws Exception {
        SelfSigned s = selfSigned("EC");
        Path cert = write("cert.pem", pem(s.cert()));
        Path key = write("key.pem", pem(s.keys().getPrivate()));
        Path missing = dir.resolve("missing.pem");
        Path garbage = write("garbage.pem", "not a pem file\n");

        assertThatThrownBy(() -> new CofferServer(core, List.of(tls(missing, key))))
                .isInstanceOf(CofferException.class).hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> new CofferServer(core, List.of(tls(cert, missing))))
                .isInstanceOf(CofferException.class).hasMessageContaining("missing.pem");
        assertThatThrownBy(() -> new CofferServer(core, List.of(tls(cert, garbage))))
                .isInstanceOf(CofferException.class).hasMessageContaining("garbage.pem")
                .hasMessageContaining("private key");
        assertThatThrownBy(() -> new CofferServer(core, List.of(tls(key, key))))
                .isInstanceOf(CofferException.class).hasMessageContaining("certificate");
        assertThatThrownBy(() -> new CofferServer(core, List.of(tls(cert, cert))))
                .isInstanceOf(CofferException.class).hasMessageContaining("private key");
    }

    /** Today the server starts and every handshake fails; the operator learns it from clients. */
    @Test
    void aKeyThatIsNotTheCertificatesIsRefused() throws Exception {
        SelfSigned s = selfSigned("EC");
        SelfSigned other = selfSigned("EC");
        Path cert = write("cert.pem", pem(s.cert()));
        Path key = write("other-key.pem", pem(new JcaPKCS8Generator(other.keys().getPrivate(), null)));
        assertThatThrownBy(() -> new CofferServer(core, List.of(tls(cert, key))))
                .isInstanceOf(CofferException.class).hasMessageContaining("other-key.pem");
    }

    private static ListenerConfig tls(Path cert, Path key) {
        return new ListenerConfig("127.0.0.1:0", cert, key, false, ListenerConfig.DEFAULT_MAX_REQUEST_SIZE);
    }

    private static ListenerConfig plain(String address, boolean tlsDisable) {
        return new ListenerConfig(address, null, null, tlsDisable, ListenerConfig.DEFAULT_MAX_REQUEST_SIZE);
    }

    @Test
    void plainHttpOffLoopbackIsRefusedUnlessTlsIsDisabledExplicitly() throws Exception {
        for (String address : List.of("0.0.0.0:0", "192.0.2.10:8200", "example.com:8200", "[::]:0")) {
            assertThatThrownBy(() -> new CofferServer(core, List.of(plain(address, false))))
                    .as(address)
                    .isInstanceOf(CofferException.class)
                    .hasMessageContaining("TLS")
                    .hasMessageContaining("tls_disable");
        }
        // One bad listener refuses the whole server, even next to a good one.
        assertThatThrownBy(() -> new CofferServer(core, List.of(plain("127.0.0.1:0", false), plain("0.0.0.0:0", false))))
                .isInstanceOf(CofferException.class).hasMessageContaining("TLS");

        // Constructed, not started: nothing is bound to 0.0.0.0 by a test.
        try (CofferServer allowed = new CofferServer(core, List.of(plain("0.0.0.0:0", true)))) {
            assertThat(allowed).isNotNull();
        }
        for (String loopback : List.of("127.0.0.1:0", "localhost:0", "[::1]:0", "127.1.2.3:0")) {
            try (CofferServer allowed = new CofferServer(core, List.of(plain(loopback, false)))) {
                assertThat(allowed).as(loopback).isNotNull();
            }
        }
    }

    @Test
    void aServerNeedsAListener() {
        assertThatThrownBy(() -> new CofferServer(core, List.of()))
                .isInstanceOf(CofferException.class).hasMessageContaining("listener");
    }
}
