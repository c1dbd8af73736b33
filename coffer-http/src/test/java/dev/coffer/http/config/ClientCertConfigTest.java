package dev.coffer.http.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The listener options for client certificates, with Vault's names, and their contradictions. */
class ClientCertConfigTest {
    private static final Path BASE = Path.of("/etc/coffer");

    private static ServerConfig parse(String listenerBody) {
        return ServerConfig.parse("storage \"memory\" {\n}\nlistener \"tcp\" {\n" + listenerBody + "}\n", false, BASE);
    }

    @Test
    void readsTheClientCaAndTheRequirement() {
        ListenerConfig l = parse("""
                  address = "0.0.0.0:8200"
                  tls_cert_file = "tls/server.pem"
                  tls_key_file = "tls/server-key.pem"
                  tls_client_ca_file = "tls/clients-ca.pem"
                  tls_require_and_verify_client_cert = true
                """).listeners().get(0);
        assertThat(l.tlsClientCaFile()).isEqualTo(BASE.resolve("tls/clients-ca.pem"));
        assertThat(l.tlsRequireAndVerifyClientCert()).isTrue();
        assertThat(l.asksForClientCert()).isTrue();
        ListenerConfig off = parse("""
                  tls_cert_file = "a.pem"
                  tls_key_file = "b.pem"
                  tls_client_ca_file = "ca.pem"
                  tls_disable_client_certs = true
                """).listeners().get(0);
        assertThat(off.asksForClientCert()).isFalse();
    }

    @Test
    void contradictionsAreRefusedWithTheOptionsNamed() {
        assertThatThrownBy(() -> parse("  tls_client_ca_file = \"ca.pem\"\n"))
                .hasMessageContaining("need a TLS listener");
        assertThatThrownBy(() -> parse("  tls_cert_file = \"a.pem\"\n  tls_key_file = \"b.pem\"\n"
                + "  tls_require_and_verify_client_cert = true\n")).hasMessageContaining("needs tls_client_ca_file");
        assertThatThrownBy(() -> parse("  tls_cert_file = \"a.pem\"\n  tls_key_file = \"b.pem\"\n"
                + "  tls_client_ca_file = \"ca.pem\"\n  tls_require_and_verify_client_cert = true\n"
                + "  tls_disable_client_certs = true\n")).hasMessageContaining("contradicts");
    }
}
