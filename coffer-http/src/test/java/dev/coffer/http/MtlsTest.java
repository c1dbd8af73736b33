package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.auth.AuthMethods;
import dev.coffer.core.Core;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.seal.SealConfig;
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
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mutual-TLS listener on the loopback and the {@code cert} auth method behind it: a real client
 * certificate logs in over HTTPS; one from another CA is refused at login, or at the handshake when
 * the listener requires verified client certificates.
 */
class MtlsTest {
    private static final AtomicLong SERIAL = new AtomicLong(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Core core;
    private Issued server;
    private Issued ca;
    private Issued otherCa;

    private record Issued(X509Certificate cert, KeyPair keys) {}

    @BeforeEach
    void setUp() throws Exception {
        // The JDK checks certificate validity against the wall clock during the handshake, so the
        // core's clock is the system's here (nothing in this test depends on time passing).
        core = new Core(new MemoryStorage(), Clock.systemUTC(), Map.of(), AuthMethods.builtin());
        Core.InitResult init = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        core.unseal(HexFormat.of().formatHex(init.keyShares().get(0).bytes()));
        String root = init.rootToken();
        server = issue("127.0.0.1", null, false);
        ca = issue("Build CA", null, true);
        otherCa = issue("Other CA", null, true);
        core.handle(root, Request.of("t", Operation.UPDATE, "sys/auth/cert", Map.of("type", "cert"), ClientInfo.INTERNAL));
        core.handle(root, Request.of("t", Operation.UPDATE, "auth/cert/certs/ci", Map.of("certificate", pem(ca.cert()),
                "allowed_common_names", "build-*", "token_policies", "ci"), ClientInfo.INTERNAL));
    }

    @AfterEach
    void tearDown() {
        core.close();
    }

    private static Issued issue(String cn, Issued issuer, boolean isCa) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + cn);
        X500Name issuerName = issuer == null ? subject : new X500Name(issuer.cert().getSubjectX500Principal().getName());
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic());
        if (isCa) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        } else if (issuer == null) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        }
        KeyPair signer = issuer == null ? keys : issuer.keys();
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        return new Issued(cert, keys);
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }

    private ListenerConfig listener(boolean require, X509Certificate... clientCas) throws Exception {
        Path cert = Files.writeString(dir.resolve("server.pem"), pem(server.cert()), StandardCharsets.US_ASCII);
        Path key = Files.writeString(dir.resolve("server-key.pem"), pem(new JcaPKCS8Generator(server.keys().getPrivate(), null)),
                StandardCharsets.US_ASCII);
        StringBuilder cas = new StringBuilder();
        for (X509Certificate c : clientCas) {
            cas.append(pem(c));
        }
        Path caFile = Files.writeString(dir.resolve("client-cas.pem"), cas, StandardCharsets.US_ASCII);
        return new ListenerConfig("127.0.0.1:0", cert, key, false, ListenerConfig.DEFAULT_MAX_REQUEST_SIZE, caFile,
                require, false);
    }

    /** A client trusting the server's certificate and presenting {@code clientCert} (none when null). */
    private HttpClient client(Issued clientCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", server.cert());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (clientCert != null) {
            keys.setKeyEntry("client", clientCert.keys().getPrivate(), "pw".toCharArray(),
                    new Certificate[] {clientCert.cert()});
        }
        kmf.init(keys, "pw".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return TestServer.client(tls);
    }

    private static HttpResponse<String> post(HttpClient client, URI uri, String token) throws Exception {
        var b = TestServer.request(uri).method("POST", BodyPublishers.ofString("{}"));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        return client.send(b.build(), BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(HttpResponse<String> r) throws IOException {
        return JSON.readValue(r.body(), Map.class);
    }

    @Test
    void aClientCertificateLogsInOverTheMtlsListenerAndOneFromAnotherCaIsRefused() throws Exception {
        try (CofferServer s = new CofferServer(core, List.of(listener(false, ca.cert(), otherCa.cert())))) {
            s.start();
            URI login = URI.create("https://127.0.0.1:" + s.port(0) + "/v1/auth/cert/login");

            HttpResponse<String> ok = post(client(issue("build-42", ca, false)), login, null);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            @SuppressWarnings("unchecked")
            Map<String, Object> auth = (Map<String, Object>) body(ok).get("auth");
            assertThat((List<String>) auth.get("policies")).containsExactly("ci", "default");
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = (Map<String, Object>) auth.get("metadata");
            assertThat(meta).containsEntry("common_name", "build-42");
            String token = (String) auth.get("client_token");
            HttpResponse<String> self = client(null).send(
                    TestServer.request(URI.create("https://127.0.0.1:" + s.port(0) + "/v1/auth/token/lookup-self"))
                            .header("X-Vault-Token", token).GET().build(), BodyHandlers.ofString());
            assertThat(self.statusCode()).isEqualTo(200);

            // The listener trusts the other CA (the handshake succeeds), the cert method does not.
            HttpResponse<String> stranger = post(client(issue("build-43", otherCa, false)), login, null);
            assertThat(stranger.statusCode()).isEqualTo(400);
            assertThat(stranger.body()).contains("not signed by a CA trusted by any certs entry").doesNotContain("client_token");

            HttpResponse<String> none = post(client(null), login, null);
            assertThat(none.statusCode()).isEqualTo(400);
            assertThat(none.body()).contains("client certificate must be supplied");

            HttpResponse<String> badName = post(client(issue("laptop", ca, false)), login, null);
            assertThat(badName.statusCode()).isEqualTo(400);
            assertThat(badName.body()).contains("names are not allowed");
        }
    }

    @Test
    void aListenerThatRequiresVerifiedClientCertificatesRefusesOthersAtTheHandshake() throws Exception {
        try (CofferServer s = new CofferServer(core, List.of(listener(true, ca.cert())))) {
            s.start();
            URI login = URI.create("https://127.0.0.1:" + s.port(0) + "/v1/auth/cert/login");
            assertThat(post(client(issue("build-1", ca, false)), login, null).statusCode()).isEqualTo(200);
            HttpClient stranger = client(issue("build-2", otherCa, false));
            assertThatThrownBy(() -> post(stranger, login, null)).isInstanceOf(IOException.class);
            HttpClient anonymous = client(null);
            assertThatThrownBy(() -> post(anonymous, login, null)).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aPlainTlsListenerPassesNoClientCertificate() throws Exception {
        ListenerConfig plain = new ListenerConfig("127.0.0.1:0", listener(false, ca.cert()).tlsCertFile(),
                dir.resolve("server-key.pem"), false, ListenerConfig.DEFAULT_MAX_REQUEST_SIZE);
        try (CofferServer s = new CofferServer(core, List.of(plain))) {
            s.start();
            URI login = URI.create("https://127.0.0.1:" + s.port(0) + "/v1/auth/cert/login");
            HttpResponse<String> r = post(client(issue("build-1", ca, false)), login, null);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("client certificate must be supplied");
        }
    }
}
