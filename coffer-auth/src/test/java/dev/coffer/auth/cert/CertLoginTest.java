package dev.coffer.auth.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.auth.LoginHarness;
import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cert method through a real core, with chains made by the test as the TLS listener would pass them. */
class CertLoginTest {
    private LoginHarness h;
    private Instant now;
    private TestPki.Issued ca;
    private TestPki.Issued otherCa;

    @BeforeEach
    void setUp() throws Exception {
        h = new LoginHarness();
        h.enable("cert", "cert");
        now = h.clock.instant();
        ca = TestPki.ca("Build CA", now);
        otherCa = TestPki.ca("Someone else's CA", now);
        h.asRoot(Operation.UPDATE, "auth/cert/certs/builders", Map.of("certificate", TestPki.pem(ca.cert()),
                "allowed_common_names", "build-*", "token_policies", "ci", "display_name", "builder", "token_ttl", "10m"));
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private static ClientInfo presenting(X509Certificate... chain) {
        return new ClientInfo("10.1.2.3", 443, List.of(chain));
    }

    private Auth login(ClientInfo from, String name) {
        Map<String, Object> body = new HashMap<>();
        if (name != null) {
            body.put("name", name);
        }
        return h.login("auth/cert/login", body, from);
    }

    @Test
    void aCertificateSignedByTheTrustedCaWithAnAllowedNameLogsIn() throws Exception {
        TestPki.Issued client = TestPki.client(ca, "build-7", now, List.of());
        Auth a = login(presenting(client.cert()), null);
        assertThat(a.policies()).containsExactly("ci", "default");
        assertThat(a.leaseDuration()).isEqualTo(600);
        assertThat(a.metadata()).containsEntry("cert_name", "builders").containsEntry("common_name", "build-7")
                .containsEntry("serial_number", client.cert().getSerialNumber().toString());
        assertThat(a.metadata().get("subject_key_id")).matches("([0-9a-f]{2}:)+[0-9a-f]{2}");
        assertThat(h.lookupSelf(a.clientToken())).containsEntry("display_name", "cert-builder");
        // With the CA in the presented chain, and with the entry named.
        assertThat(login(presenting(client.cert(), ca.cert()), "builders").clientToken()).isNotEmpty();

        Map<String, Object> read = h.asRoot(Operation.READ, "auth/cert/certs/builders", Map.of()).data();
        assertThat(read).containsEntry("allowed_common_names", List.of("build-*")).containsEntry("token_policies", List.of("ci"));
        assertThat(h.asRoot(Operation.LIST, "auth/cert/certs", Map.of()).data()).containsEntry("keys", List.of("builders"));
    }

    @Test
    void aChainThroughAnIntermediateVerifiesAgainstTheRoot() throws Exception {
        TestPki.Issued inter = TestPki.intermediate(ca, "Build Intermediate", now);
        TestPki.Issued client = TestPki.client(inter, "build-9", now, List.of());
        assertThat(login(presenting(client.cert(), inter.cert()), null).clientToken()).isNotEmpty();
        assertThatThrownBy(() -> login(presenting(client.cert()), null)).hasMessageContaining("not signed by a CA trusted");
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() throws Exception {
        TestPki.Issued stranger = TestPki.client(otherCa, "build-1", now, List.of());
        assertThatThrownBy(() -> login(presenting(stranger.cert(), otherCa.cert()), null))
                .isInstanceOf(CofferException.class)
                .hasMessage("invalid certificate: it is not signed by a CA trusted by any certs entry of this mount");
        // A forged chain naming the trusted CA as issuer does not help: the signature is checked.
        assertThatThrownBy(() -> login(presenting(stranger.cert(), ca.cert()), null))
                .hasMessageContaining("not signed by a CA trusted");
    }

    @Test
    void aCertificateWhoseNameIsNotAllowedIsRefused() throws Exception {
        TestPki.Issued client = TestPki.client(ca, "laptop-of-mallory", now, List.of());
        assertThatThrownBy(() -> login(presenting(client.cert()), null))
                .hasMessage("invalid certificate: its names are not allowed by any certs entry of this mount");
        assertThatThrownBy(() -> login(presenting(client.cert()), "builders"))
                .hasMessage("invalid certificate: its names are not allowed by certs entry \"builders\"");
    }

    @Test
    void noCertificateIsAClear400() {
        assertThatThrownBy(() -> login(new ClientInfo("10.1.2.3", 443), null))
                .isInstanceOf(CofferException.class)
                .hasFieldOrPropertyWithValue("kind", CofferException.Kind.INVALID_REQUEST)
                .hasMessageStartingWith("client certificate must be supplied");
    }

    @Test
    void anExpiredCertificateOrAServerOnlyCertificateIsRefused() throws Exception {
        TestPki.Issued client = TestPki.client(ca, "build-3", now, List.of());
        h.clock.advance(Duration.ofDays(31));
        assertThatThrownBy(() -> login(presenting(client.cert()), null)).hasMessageContaining("expired or not yet valid");
        h.clock.set(now);
        TestPki.Issued server = TestPki.client(ca, "build-4", now, List.of(), KeyPurposeId.id_kp_serverAuth);
        assertThatThrownBy(() -> login(presenting(server.cert()), null)).hasMessageContaining("client authentication");
    }

    @Test
    void dnsSanGlobsAPinnedLeafAndANamedEntry() throws Exception {
        TestPki.Issued deployer = TestPki.client(otherCa, "deployer", now, List.of("deploy.ci.example.com"));
        h.asRoot(Operation.UPDATE, "auth/cert/certs/pinned", Map.of("certificate", TestPki.pem(deployer.cert()),
                "allowed_dns_sans", "*.CI.example.com", "token_policies", "deploy"));
        assertThat(login(presenting(deployer.cert()), null).policies()).contains("deploy");
        assertThatThrownBy(() -> login(presenting(deployer.cert()), "builders")).hasMessageContaining("not signed");
        assertThatThrownBy(() -> login(presenting(deployer.cert()), "nope")).hasMessageContaining("no certs entry named");
        h.asRoot(Operation.UPDATE, "auth/cert/certs/pinned", Map.of("allowed_dns_sans", "*.prod.example.com"));
        assertThatThrownBy(() -> login(presenting(deployer.cert()), "pinned")).hasMessageContaining("names are not allowed");
    }

    @Test
    void aPinnedLeafAdmitsOnlyItselfNotCertificatesItsKeySigned() throws Exception {
        TestPki.Issued deployer = TestPki.client(otherCa, "deployer", now, List.of("deploy.ci.example.com"));
        h.asRoot(Operation.UPDATE, "auth/cert/certs/pinned", Map.of("certificate", TestPki.pem(deployer.cert()),
                "token_policies", "deploy"));
        TestPki.Issued forged = TestPki.client(deployer, "admin", now, List.of("deploy.ci.example.com"));
        assertThatThrownBy(() -> login(presenting(forged.cert(), deployer.cert()), "pinned"))
                .isInstanceOf(CofferException.class);
        assertThatThrownBy(() -> login(presenting(forged.cert(), deployer.cert()), null))
                .isInstanceOf(CofferException.class);
    }

    @Test
    void aBadCertificateFieldIsAClearErrorAndChangesNothing() {
        for (String bad : List.of("", "hello", "-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")) {
            assertThatThrownBy(() -> h.asRoot(Operation.UPDATE, "auth/cert/certs/bad", Map.of("certificate", bad)))
                    .as(bad).isInstanceOf(CofferException.class)
                    .hasFieldOrPropertyWithValue("kind", CofferException.Kind.INVALID_REQUEST)
                    .hasMessageContaining("certificate");
        }
        assertThatThrownBy(() -> h.asRoot(Operation.READ, "auth/cert/certs/bad", Map.of()))
                .hasFieldOrPropertyWithValue("kind", CofferException.Kind.NOT_FOUND);
    }

    @Test
    void globsMatchAsVaultsDo() {
        assertThat(CertNames.glob("build-*", "build-1")).isTrue();
        assertThat(CertNames.glob("*.example.com", "a.b.example.com")).isTrue();
        assertThat(CertNames.glob("a*b*c", "abc")).isTrue();
        assertThat(CertNames.glob("a*b*c", "acb")).isFalse();
        assertThat(CertNames.glob("ab*ba", "aba")).isFalse();
        assertThat(CertNames.glob("exact", "exactly")).isFalse();
    }
}
