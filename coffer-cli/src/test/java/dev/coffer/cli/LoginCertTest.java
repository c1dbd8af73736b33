package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.Core;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.http.CofferServer;
import dev.coffer.http.config.ListenerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code coffer login -method=cert} over a real mutual-TLS listener with PEM files as users have them. */
class LoginCertTest {
    @TempDir
    Path dir;

    private record Issued(X509Certificate cert, KeyPair keys) {}

    private static Issued issue(String cn, Issued issuer, boolean ca, long serial) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = g.generateKeyPair();
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + cn);
        X500Name issuerName = issuer == null ? subject : new X500Name(issuer.cert().getSubjectX500Principal().getName());
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerName, BigInteger.valueOf(serial),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject, keys.getPublic());
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        } else if (issuer == null) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        }
        KeyPair signer = issuer == null ? keys : issuer.keys();
        return new Issued(new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()))), keys);
    }

    private Path pem(String name, Object o) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return Files.writeString(dir.resolve(name), out.toString(), StandardCharsets.US_ASCII);
    }

    @Test
    void loginWithTheClientCertificateGivesAToken() throws Exception {
        Issued server = issue("127.0.0.1", null, false, 1);
        Issued ca = issue("Build CA", null, true, 2);
        Issued client = issue("build-5", ca, false, 3);
        Path serverCert = pem("server.pem", server.cert());
        Path serverKey = pem("server-key.pem", new JcaPKCS8Generator(server.keys().getPrivate(), null));
        Path caFile = pem("ca.pem", ca.cert());
        Path clientCert = pem("client.pem", client.cert());
        Path clientKey = pem("client-key.pem", new JcaPKCS8Generator(client.keys().getPrivate(), null));

        Core core = new Core(new MemoryStorage(), Clock.systemUTC(), Map.of(), dev.coffer.auth.AuthMethods.builtin());
        Core.InitResult init = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        core.unseal(HexFormat.of().formatHex(init.keyShares().get(0).bytes()));
        core.handle(init.rootToken(), Request.of("t", Operation.UPDATE, "sys/auth/cert", Map.of("type", "cert"), ClientInfo.INTERNAL));
        core.handle(init.rootToken(), Request.of("t", Operation.UPDATE, "auth/cert/certs/ci",
                Map.of("certificate", Files.readString(caFile), "token_policies", "ci"), ClientInfo.INTERNAL));
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (CofferServer s = new CofferServer(core, List.of(new ListenerConfig("127.0.0.1:0", serverCert, serverKey, false,
                1 << 20, caFile, false, false)))) {
            s.start();
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String address = "-address=https://127.0.0.1:" + s.port(0);
            int code = Main.run(new String[] {"login", "-method=cert", "-client-cert=" + clientCert, "-client-key=" + clientKey,
                "-ca-cert=" + serverCert, "-no-store", "-field=token", address});
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("cfs_");

            out.reset();
            err.reset();
            int without = Main.run(new String[] {"login", "-method=cert", "-ca-cert=" + serverCert, "-no-store", address});
            assertThat(without).isEqualTo(2);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("client certificate must be supplied");
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            core.close();
        }
    }
}
