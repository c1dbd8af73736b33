package dev.coffer.http.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's configuration file in both of its forms, and the errors an operator sees. */
class ServerConfigTest {
    private static final Path BASE = Path.of("/etc/coffer");

    private static final String HCL = """
            storage "sqlite" {
              path = "data/coffer.db"
            }

            listener "tcp" {
              address          = "127.0.0.1:8300"
              tls_disable      = true
              max_request_size = 1048576
            }

            ui = true
            log_level = "debug"
            """;

    private static final String JSON = """
            {
              "storage": {"sqlite": {"path": "data/coffer.db"}},
              "listener": {"tcp": {"address": "127.0.0.1:8300", "tls_disable": true, "max_request_size": 1048576}},
              "ui": true,
              "log_level": "debug"
            }
            """;

    private static void assertTheExample(ServerConfig c) {
        assertThat(c.storage().type()).isEqualTo("sqlite");
        assertThat(c.storage().options()).isEqualTo(Map.of("path", BASE.resolve("data/coffer.db").toString()));
        assertThat(c.listeners()).containsExactly(
                new ListenerConfig("127.0.0.1:8300", null, null, true, 1048576));
        assertThat(c.listeners().get(0).host()).isEqualTo("127.0.0.1");
        assertThat(c.listeners().get(0).port()).isEqualTo(8300);
        assertThat(c.ui()).isTrue();
        assertThat(c.logLevel()).isEqualTo("debug");
    }

    @Test
    void readsTheHclForm() {
        assertTheExample(ServerConfig.parse(HCL, false, BASE));
    }

    @Test
    void hclThatWouldMakeTheParserEvaluateOrFetchIsRefusedBeforeItParses() throws Exception {
        // A listener that records whether anything connected: hcl4j would fetch the URL of a
        // data "http" block while parsing.
        try (java.net.ServerSocket trap = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            trap.setSoTimeout(1);
            String fetch = "data \"http\" \"x\" {\n  url = \"http://127.0.0.1:" + trap.getLocalPort() + "/\"\n}\n" + HCL;
            assertThatThrownBy(() -> ServerConfig.parse(fetch, false, BASE))
                    .hasMessageContaining("unknown top-level key \"data\" at line 1");
            assertThatThrownBy(trap::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
        assertThatThrownBy(() -> ServerConfig.parse(HCL.replace("\"debug\"", "\"${upper(\\\"x\\\")}\""), false, BASE))
                .hasMessageContaining("config: HCL syntax error");
        assertThatThrownBy(() -> ServerConfig.parse(HCL.replace("ui = true", "ui = 1 + 1"), false, BASE))
                .hasMessageContaining("config: HCL syntax error");
    }

    @Test
    void readsTheJsonForm() {
        assertTheExample(ServerConfig.parse(JSON, true, BASE));
    }

    @Test
    void loadPicksTheFormByExtensionAndResolvesAgainstTheFilesDirectory(@TempDir Path dir) throws Exception {
        Path hcl = Files.writeString(dir.resolve("coffer.hcl"), HCL);
        Path json = Files.writeString(dir.resolve("coffer.json"), JSON);
        for (Path file : new Path[] {hcl, json}) {
            ServerConfig c = ServerConfig.load(file);
            assertThat(c.storage().options()).containsEntry("path", dir.resolve("data/coffer.db").toString());
            assertThat(c.listeners()).hasSize(1);
        }
        assertThatThrownBy(() -> ServerConfig.load(dir.resolve("absent.hcl")))
                .isInstanceOf(CofferException.class).hasMessageContaining("absent.hcl");
    }

    @Test
    void absolutePathsStayAndTlsFilesResolveToo() {
        ServerConfig c = ServerConfig.parse("""
                storage "sqlite" { path = "/var/lib/coffer/coffer.db" }
                listener "tcp" {
                  address       = "0.0.0.0:8200"
                  tls_cert_file = "tls/cert.pem"
                  tls_key_file  = "/etc/ssl/private/coffer.key"
                }
                """, false, BASE);
        assertThat(c.storage().options()).containsEntry("path", "/var/lib/coffer/coffer.db");
        ListenerConfig l = c.listeners().get(0);
        assertThat(l.tlsCertFile()).isEqualTo(BASE.resolve("tls/cert.pem"));
        assertThat(l.tlsKeyFile()).isEqualTo(Path.of("/etc/ssl/private/coffer.key"));
        assertThat(l.hasTls()).isTrue();
        assertThat(l.tlsDisable()).isFalse();
        assertThat(l.maxRequestSize()).isEqualTo(ListenerConfig.DEFAULT_MAX_REQUEST_SIZE);
    }

    @Test
    void defaultsWhenOnlyTheRequiredPartsAreGiven() {
        ServerConfig c = ServerConfig.parse("""
                storage "memory" {}
                listener "tcp" {}
                """, false, BASE);
        assertThat(c.storage()).isEqualTo(new StorageConfig("memory", Map.of()));
        assertThat(c.listeners()).containsExactly(new ListenerConfig("127.0.0.1:8200", null, null, false,
                ListenerConfig.DEFAULT_MAX_REQUEST_SIZE));
        assertThat(c.ui()).isFalse();
        assertThat(c.logLevel()).isEqualTo("info");
    }

    @Test
    void backendIsAnotherNameForStorage() {
        ServerConfig c = ServerConfig.parse("""
                backend "sqlite" {
                  path = "coffer.db"
                }
                listener "tcp" {}
                """, false, BASE);
        assertThat(c.storage().options()).containsEntry("path", BASE.resolve("coffer.db").toString());
    }

    /** hcl4j gives repeated {@code listener "tcp"} blocks as {@code {tcp: [{...}, {...}]}}. */
    @Test
    void twoListenerBlocksGiveTwoListenersInOrder() {
        String hcl = """
                storage "memory" {}
                listener "tcp" {
                  address = "127.0.0.1:8200"
                }
                listener "tcp" {
                  address          = "10.0.0.5:8200"
                  tls_cert_file    = "cert.pem"
                  tls_key_file     = "key.pem"
                  max_request_size = 2048
                }
                listener "tcp" {
                  address     = "[::1]:8201"
                  tls_disable = "true"
                }
                """;
        ServerConfig c = ServerConfig.parse(hcl, false, BASE);
        assertThat(c.listeners()).extracting(ListenerConfig::address)
                .containsExactly("127.0.0.1:8200", "10.0.0.5:8200", "[::1]:8201");
        assertThat(c.listeners().get(1).tlsCertFile()).isEqualTo(BASE.resolve("cert.pem"));
        assertThat(c.listeners().get(1).maxRequestSize()).isEqualTo(2048);
        assertThat(c.listeners().get(2).tlsDisable()).isTrue();
        assertThat(c.listeners().get(2).host()).isEqualTo("::1");
        assertThat(c.listeners().get(2).port()).isEqualTo(8201);

        // JSON may write them as a list of blocks, or as a list under one "tcp".
        String listOfBlocks = """
                {"storage": {"memory": {}},
                 "listener": [{"tcp": {"address": "127.0.0.1:8200"}}, {"tcp": {"address": "127.0.0.1:8201"}}]}
                """;
        String listUnderTcp = """
                {"storage": {"memory": {}},
                 "listener": {"tcp": [{"address": "127.0.0.1:8200"}, {"address": "127.0.0.1:8201"}]}}
                """;
        for (String json : new String[] {listOfBlocks, listUnderTcp}) {
            assertThat(ServerConfig.parse(json, true, BASE).listeners()).extracting(ListenerConfig::port)
                    .containsExactly(8200, 8201);
        }
    }

    private static AbstractThrowableAssert<?, ? extends Throwable> refused(String text, boolean json) {
        return assertThatThrownBy(() -> ServerConfig.parse(text, json, BASE))
                .isInstanceOf(CofferException.class)
                .satisfies(e -> assertThat(((CofferException) e).kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST));
    }

    private static final String OK_STORAGE = "storage \"memory\" {}\n";
    private static final String OK_LISTENER = "listener \"tcp\" {\n  address = \"127.0.0.1:8200\"\n}\n";

    @Test
    void unknownSettingsAreErrorsNamingThem() {
        refused(OK_STORAGE + OK_LISTENER + "log_levle = \"debug\"\n", false)
                .hasMessageContaining("unknown top-level key \"log_levle\" at line 5").hasMessageContaining("log_level");
        refused("{\"storage\": {\"memory\": {}}, \"listener\": {\"tcp\": {\"address\": \"127.0.0.1:8200\"}}, \"log_levle\": 1}", true)
                .hasMessageContaining("unknown setting").hasMessageContaining("log_levle");
        refused(OK_STORAGE + "listener \"tcp\" {\n  address = \"127.0.0.1:8200\"\n  tls_disabled = true\n}\n", false)
                .hasMessageContaining("unknown listener option").hasMessageContaining("tls_disabled");
        refused("storage \"sqlite\" {\n  path = \"a.db\"\n  journal = \"wal\"\n}\n" + OK_LISTENER, false)
                .hasMessageContaining("unknown option").hasMessageContaining("journal");
        refused("{\"storage\": {\"memory\": {}}, \"listener\": {\"tcp\": {}}, \"uii\": true}", true)
                .hasMessageContaining("uii");
    }

    @Test
    void unknownStorageAndListenerTypesAreErrors() {
        refused("storage \"consul\" {\n  path = \"x\"\n}\n" + OK_LISTENER, false)
                .hasMessageContaining("unknown storage type").hasMessageContaining("consul")
                .hasMessageContaining("sqlite");
        refused(OK_STORAGE + "listener \"unix\" {\n  address = \"/run/coffer.sock\"\n}\n", false)
                .hasMessageContaining("unknown listener type").hasMessageContaining("unix");
        refused("storage \"sqlite\" {\n  path = \"a\"\n}\nstorage \"memory\" {}\n" + OK_LISTENER, false)
                .hasMessageContaining("one storage block");
    }

    @Test
    void storageAndListenerAreRequired() {
        refused(OK_LISTENER, false).hasMessageContaining("storage block is required");
        refused(OK_STORAGE + "ui = true\n", false).hasMessageContaining("listener").hasMessageContaining("required");
        refused("storage \"sqlite\" {}\n" + OK_LISTENER, false).hasMessageContaining("needs a path");
        refused("{}", true).hasMessageContaining("storage");
    }

    @Test
    void badListenerSettingsAreErrorsNamingTheSetting() {
        for (String address : new String[] {"127.0.0.1", "127.0.0.1:port", "127.0.0.1:65536", "127.0.0.1:", "localhost:123456"}) {
            refused(OK_STORAGE + "listener \"tcp\" {\n  address = \"" + address + "\"\n}\n", false)
                    .hasMessageContaining("address").hasMessageContaining(address);
        }
        refused(OK_STORAGE + "listener \"tcp\" {\n  tls_cert_file = \"cert.pem\"\n}\n", false)
                .hasMessageContaining("tls_cert_file").hasMessageContaining("tls_key_file");
        refused(OK_STORAGE + "listener \"tcp\" {\n  tls_key_file = \"key.pem\"\n}\n", false)
                .hasMessageContaining("tls_cert_file").hasMessageContaining("tls_key_file");
        refused(OK_STORAGE + "listener \"tcp\" {\n  tls_cert_file = \"c\"\n  tls_key_file = \"k\"\n"
                + "  tls_disable = true\n}\n", false).hasMessageContaining("tls_disable");
        refused(OK_STORAGE + "listener \"tcp\" {\n  tls_disable = \"maybe\"\n}\n", false)
                .hasMessageContaining("tls_disable");
        refused(OK_STORAGE + "listener \"tcp\" {\n  max_request_size = 0\n}\n", false)
                .hasMessageContaining("max_request_size");
        refused(OK_STORAGE + "listener \"tcp\" {\n  max_request_size = \"1MB\"\n}\n", false)
                .hasMessageContaining("max_request_size");
        refused(OK_STORAGE + "listener \"tcp\" {\n  address = 8200\n}\n", false)
                .hasMessageContaining("address").hasMessageContaining("string");
    }

    @Test
    void badTopLevelValuesAreErrors() {
        refused(OK_STORAGE + OK_LISTENER + "log_level = \"verbose\"\n", false)
                .hasMessageContaining("log_level").hasMessageContaining("debug");
        refused(OK_STORAGE + OK_LISTENER + "log_level = 3\n", false).hasMessageContaining("log_level");
        refused(OK_STORAGE + OK_LISTENER + "ui = \"yes\"\n", false).hasMessageContaining("ui");
        assertThat(ServerConfig.parse(OK_STORAGE + OK_LISTENER + "log_level = \"WARN\"\n", false, BASE).logLevel())
                .isEqualTo("warn");
    }

    @Test
    void syntaxErrorsSayWhichFormFailed() {
        refused(OK_STORAGE + "listener \"tcp\" {\n  address = = \"127.0.0.1:8200\"\n}\n", false)
                .hasMessageContaining("not valid HCL");
        refused("{\"storage\": {\"memory\": {}},", true).hasMessageContaining("not valid JSON");
        refused("[{\"storage\": {\"memory\": {}}}]", true).hasMessageContaining("JSON").hasMessageContaining("object");
    }

    /**
     * hcl4j reads an unclosed block as if its body were at the top level, so an operator who forgot
     * a brace is told about an unknown setting {@code path} instead of a syntax error. Still an error:
     * the file is never accepted.
     */
    @Test
    void anUnclosedBlockIsStillRefused() {
        refused("storage \"sqlite\" {\n  path = \"a.db\"\n" + OK_LISTENER, false);
    }

    /**
     * A bare IPv6 address has colons of its own: {@code "::1"} passes the host:port check as host
     * {@code ":"}, port 1 instead of being refused (IPv6 needs brackets: {@code "[::1]:8200"}).
     */
    @Test
    void aBareIpv6AddressIsRefused() {
        refused(OK_STORAGE + "listener \"tcp\" {\n  address = \"::1\"\n}\n", false)
                .hasMessageContaining("address").hasMessageContaining("::1");
    }

    /** HCL numbers arrive as doubles; a fraction is truncated instead of refused. */
    @Test
    void fractionalNumbersAreRefused() {
        refused(OK_STORAGE + "listener \"tcp\" {\n  max_request_size = 1.9\n}\n", false)
                .hasMessageContaining("max_request_size");
        refused(OK_STORAGE + "listener \"tcp\" {\n  tls_disable = 1.5\n}\n", false)
                .hasMessageContaining("tls_disable");
    }

    /** The class's documented example (one attribute per line: hcl4j 0.9.4 refuses several on one line). */
    @Test
    void theDocumentedListenerParses() {
        ServerConfig c = ServerConfig.parse("""
                storage "sqlite" { path = "/var/lib/coffer/coffer.db" }
                listener "tcp" {
                  address       = "0.0.0.0:8200"
                  tls_cert_file = "c.pem"
                  tls_key_file  = "k.pem"
                }
                """, false, BASE);
        assertThat(c.listeners()).hasSize(1);
    }
}
