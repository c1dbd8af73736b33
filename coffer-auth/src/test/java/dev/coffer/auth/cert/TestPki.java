package dev.coffer.auth.cert;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates made by the test: CAs and client certificates, valid around a given instant. */
final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    /** A certificate and its keys. */
    record Issued(X509Certificate cert, KeyPair keys) {}

    private TestPki() {}

    static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static Issued ca(String cn, Instant now) throws Exception {
        KeyPair k = keys();
        return new Issued(build(new X500Name("CN=" + cn), k, new X500Name("CN=" + cn), k, now, true, List.of(), null), k);
    }

    static Issued intermediate(Issued parent, String cn, Instant now) throws Exception {
        KeyPair k = keys();
        return new Issued(build(new X500Name("CN=" + cn), k, subject(parent), parent.keys(), now, true, List.of(), null), k);
    }

    static Issued client(Issued issuer, String cn, Instant now, List<String> dnsSans) throws Exception {
        return client(issuer, cn, now, dnsSans, KeyPurposeId.id_kp_clientAuth);
    }

    static Issued client(Issued issuer, String cn, Instant now, List<String> dnsSans, KeyPurposeId usage) throws Exception {
        KeyPair k = keys();
        return new Issued(build(new X500Name("CN=" + cn), k, subject(issuer), issuer.keys(), now, false, dnsSans, usage), k);
    }

    private static X500Name subject(Issued i) {
        return new X500Name(i.cert().getSubjectX500Principal().getName());
    }

    private static X509Certificate build(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
                                         Instant now, boolean ca, List<String> dnsSans, KeyPurposeId usage) throws Exception {
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), subject,
                subjectKeys.getPublic());
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKeys.getPublic()));
        if (ca) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } else {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (usage != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(usage));
            }
            if (!dnsSans.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(dnsSans.stream()
                        .map(d -> new GeneralName(GeneralName.dNSName, d)).toArray(GeneralName[]::new)));
            }
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
