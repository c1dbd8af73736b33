package dev.coffer.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.auth.AuthMethods;
import dev.coffer.core.Core;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real core (memory storage, a movable clock, a file audit device) with the jwt method at {@code auth/jwt/}. */
final class JwtHarness {
    static final ClientInfo RUNNER = new ClientInfo("10.1.2.3", 5000);

    /** A clock the test moves; nothing sleeps. */
    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-03-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        long seconds() {
            return now.getEpochSecond();
        }

        void advance(long seconds) {
            now = now.plusSeconds(seconds);
        }
    }

    final MovableClock clock = new MovableClock();
    final Core core;
    final String root;
    final Path auditLog;

    JwtHarness(Path dir) {
        core = new Core(new MemoryStorage(), clock, Map.of(), AuthMethods.builtin());
        Core.InitResult r = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        core.unseal(HexFormat.of().formatHex(r.keyShares().get(0).bytes()));
        root = r.rootToken();
        auditLog = dir.resolve("audit.log");
        call(root, Operation.UPDATE, "sys/audit/file", Map.of("type", "file",
                "options", Map.of("file_path", auditLog.toString())));
        call(root, Operation.UPDATE, "sys/auth/jwt", Map.of("type", "jwt"));
    }

    Response call(String token, Operation op, String path, Map<String, Object> data) {
        return core.handle(token, Request.of("req-" + path, op, path, data, RUNNER));
    }

    Response write(String path, Map<String, Object> data) {
        return call(root, Operation.UPDATE, path, data);
    }

    Map<String, Object> read(String path) {
        return call(root, Operation.READ, path, Map.of()).data();
    }

    Auth login(String role, String jwt) {
        Map<String, Object> body = new java.util.HashMap<>();
        body.put("jwt", jwt);
        if (role != null) {
            body.put("role", role);
        }
        return call(null, Operation.UPDATE, "auth/jwt/login", body).auth();
    }

    /** Accessors of every live token except root's. */
    @SuppressWarnings("unchecked")
    List<String> accessors() {
        return (List<String>) call(root, Operation.LIST, "auth/token/accessors", Map.of()).data().get("keys");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> lookupSelf(String token) {
        return call(token, Operation.READ, "auth/token/lookup-self", Map.of()).data();
    }

    @SuppressWarnings("unchecked")
    List<String> caps(String token, String path) {
        return (List<String>) call(token, Operation.UPDATE, "sys/capabilities-self",
                Map.of("paths", List.of(path))).data().get("capabilities");
    }

    /** The audit log's response lines for {@code auth/jwt/login}. */
    List<JsonNode> loginResponses() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(auditLog)) {
            JsonNode n = json.readTree(l);
            if (n.path("type").asText().equals("response")
                    && n.path("request").path("path").asText().equals("auth/jwt/login")) {
                out.add(n);
            }
        }
        return out;
    }
}
