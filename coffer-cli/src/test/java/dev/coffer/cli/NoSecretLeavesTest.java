package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole scenario against a real server process (SQLite storage, a file audit device): init,
 * unseal, write and read secrets, create and revoke a token. Then every secret value, unseal key
 * and token written is searched for in the audit log, the server's own log (stderr) and its
 * stdout: only the root token and the key shares init prints to its caller may appear — none of
 * them does in any of the three.
 */
class NoSecretLeavesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String base;

    private JsonNode call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/v1/" + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("X-Vault-Token", token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isLessThan(300);
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    @Test
    void noSecretValueOrTokenAppearsInTheAuditLogTheServerLogOrStdout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        Path config = dir.resolve("coffer.hcl");
        Files.writeString(config, "storage \"sqlite\" {\n  path = \"data/coffer.db\"\n}\nlistener \"tcp\" {\n"
                + "  address = \"127.0.0.1:" + port + "\"\n}\nlog_level = \"debug\"\n");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.coffer.cli.Main", "server", "-config", config.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        List<String> secrets = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                try {
                    http.send(HttpRequest.newBuilder(URI.create(base + "/v1/sys/health")).build(), HttpResponse.BodyHandlers.discarding());
                    break;
                } catch (java.io.IOException notYet) {
                    assertThat(server.isAlive()).as("server process running: " + Files.readString(err)).isTrue();
                    server.waitFor(100, TimeUnit.MILLISECONDS);
                }
            }
            JsonNode init = call("PUT", "sys/init", null, "{\"secret_shares\":3,\"secret_threshold\":2}");
            String root = init.get("root_token").asText();
            init.get("keys").forEach(k -> secrets.add(k.asText()));
            init.get("keys_base64").forEach(k -> secrets.add(k.asText()));
            secrets.add(root);
            call("PUT", "sys/unseal", null, "{\"key\":\"" + init.get("keys").get(0).asText() + "\"}");
            call("PUT", "sys/unseal", null, "{\"key\":\"" + init.get("keys").get(1).asText() + "\"}");
            call("PUT", "sys/audit/file", root, "{\"type\":\"file\",\"options\":{\"file_path\":\""
                    + dir.resolve("audit.log") + "\"}}");
            call("POST", "sys/mounts/secret", root, "{\"type\":\"kv\",\"options\":{\"version\":\"2\"}}");
            String pw = "made-up-db-password-" + System.nanoTime();
            String apiKey = "made-up-api-key-" + System.nanoTime();
            secrets.add(pw);
            secrets.add(apiKey);
            call("POST", "secret/data/app/db", root, "{\"data\":{\"password\":\"" + pw + "\",\"api_key\":\"" + apiKey + "\"}}");
            assertThat(call("GET", "secret/data/app/db", root, null).at("/data/data/password").asText()).isEqualTo(pw);
            JsonNode created = call("POST", "auth/token/create", root, "{\"policies\":[\"default\"],\"ttl\":\"1h\"}");
            String child = created.at("/auth/client_token").asText();
            secrets.add(child);
            call("GET", "auth/token/lookup-self", child, null);
            call("POST", "cubbyhole/note", child, "{\"v\":\"" + pw + "\"}");
            call("POST", "auth/token/revoke", root, "{\"token\":\"" + child + "\"}");
            call("PUT", "sys/seal", root, null);
        } finally {
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
            server.destroyForcibly();
        }
        String audit = Files.readString(dir.resolve("audit.log"));
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        assertThat(audit).contains("secret/data/app/db").contains("hmac-sha256:");
        assertThat(stderr).contains("unsealed");
        for (String s : secrets) {
            assertThat(audit).as("audit log").doesNotContain(s);
            assertThat(stdout).as("stdout").doesNotContain(s);
            assertThat(stderr).as("server log").doesNotContain(s);
        }
        StringBuilder storage = new StringBuilder();
        try (var files = Files.list(dir.resolve("data"))) {
            for (Path f : files.toList()) {   // the database and its WAL
                storage.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        for (String s : secrets) {
            assertThat(storage.toString()).as("storage files").doesNotContain(s);
        }
    }
}
