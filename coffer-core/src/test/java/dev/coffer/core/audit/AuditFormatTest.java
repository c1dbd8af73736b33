package dev.coffer.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.token.TokenEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Whatever a request carries, each line is one valid JSON object holding it exactly (raw) or hashed. */
class AuditFormatTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TokenEntry token(String accessor, String displayName, Map<String, String> meta) {
        Instant t = Instant.parse("2026-11-26T04:00:00.5Z");
        return new TokenEntry("id", accessor, "", List.of("default", "p\"x"), "auth/token/create", displayName, meta, t,
                t.plusSeconds(60), null, Duration.ofMinutes(1), null, null, 0, true, null, null, "service", null);
    }

    private static AuditRecord[] exchange(String clientToken, TokenEntry t, String path, String value, String error) {
        ClientInfo c = new ClientInfo("127.0.0.1", 1234);
        Instant now = Instant.parse("2026-11-26T04:00:01.000000001Z");
        AuditRecord req = new AuditRecord(now, "req-1", Operation.READ, path, "kv", c, clientToken, t, Map.of("in", value),
                null, null, null, 0, null);
        AuditRecord resp = new AuditRecord(now, "req-1", Operation.READ, path, "kv", c, clientToken, t, Map.of("in", value),
                Map.of("data", Map.of("k", value, "n", 3, "b", true)), null, null, 403, error);
        return new AuditRecord[] {req, resp};
    }

    @Property(tries = 300)
    void rawLinesAreJsonAndHoldEveryValueExactly(@ForAll String clientToken, @ForAll String accessor, @ForAll String name,
                                                 @ForAll String path, @ForAll String value, @ForAll String error) throws Exception {
        AuditFormat f = new AuditFormat(new AuditHasher(SecretBytes.random(32)), true);
        TokenEntry t = token(accessor, name, Map.of("repository", value));
        AuditRecord[] r = exchange(clientToken, t, path, value, error);
        byte[][] lines = f.exchange(r[0], r[1]);
        JsonNode req = JSON.readTree(lines[0]);
        JsonNode resp = JSON.readTree(lines[1]);
        for (JsonNode line : List.of(req, resp)) {
            assertThat(line.path("request").path("path").asText()).isEqualTo(path);
            assertThat(line.path("request").path("data").path("in").asText()).isEqualTo(value);
            assertThat(line.path("auth").path("accessor").asText()).isEqualTo(accessor);
            assertThat(line.path("auth").path("display_name").asText()).isEqualTo(name);
            assertThat(line.path("auth").path("metadata").path("repository").asText()).isEqualTo(value);
            if (!clientToken.isEmpty()) {
                assertThat(line.path("auth").path("client_token").asText()).isEqualTo(clientToken);
                assertThat(line.path("request").path("client_token").asText()).isEqualTo(clientToken);
            }
        }
        assertThat(resp.path("response").path("data").path("data").path("k").asText()).isEqualTo(value);
        assertThat(resp.path("error").asText()).isEqualTo(error);
        assertThat(JSON.readTree(f.request(r[0]))).isEqualTo(req);
        assertThat(JSON.readTree(f.response(r[1]))).isEqualTo(resp);
    }

    @Property(tries = 300)
    void hashedLinesHoldOnlyHashesOfSecrets(@ForAll String clientToken, @ForAll String accessor, @ForAll String value)
            throws Exception {
        AuditHasher h = new AuditHasher(SecretBytes.random(32));
        AuditFormat f = new AuditFormat(h, false);
        AuditRecord[] r = exchange(clientToken, token(accessor, "token", Map.of()), "secret/data/app", value, null);
        byte[][] lines = f.exchange(r[0], r[1]);
        JsonNode resp = JSON.readTree(lines[1]);
        JsonNode req = JSON.readTree(lines[0]);
        assertThat(resp.path("response").path("data").path("data").path("k").asText()).isEqualTo(h.hash(value));
        assertThat(resp.path("response").path("data").path("data").path("n").asInt()).isEqualTo(3);
        assertThat(req.path("request").path("data").path("in").asText()).isEqualTo(h.hash(value));
        assertThat(req.path("auth").path("accessor").asText()).isEqualTo(accessor.isEmpty() ? "" : h.hash(accessor));
        if (!clientToken.isEmpty()) {
            assertThat(req.path("auth").path("client_token").asText()).isEqualTo(h.hash(clientToken));
            assertThat(req.path("request").path("client_token").asText()).isEqualTo(h.hash(clientToken));
        } else {
            assertThat(req.path("auth").has("client_token")).isFalse();
        }
        assertThat(resp.has("error")).isFalse();
    }

    @Property(tries = 200)
    void numbersAreWrittenAsJacksonWritesThem(@ForAll int i, @ForAll long l, @ForAll double d, @ForAll boolean raw) throws Exception {
        AuditFormat f = new AuditFormat(new AuditHasher(SecretBytes.random(32)), raw);
        ClientInfo c = new ClientInfo("127.0.0.1", 1234);
        Map<String, Object> data = Map.of("i", i, "l", l, "d", d, "big", java.math.BigInteger.valueOf(l).shiftLeft(70));
        AuditRecord resp = new AuditRecord(Instant.EPOCH, "req-1", Operation.READ, "p", "kv", c, "", null, null,
                data, null, null, 200, null);
        JsonNode written = JSON.readTree(f.response(resp)).path("response").path("data");
        assertThat(written).isEqualTo(JSON.readTree(JSON.writeValueAsString(data)));
    }
}
