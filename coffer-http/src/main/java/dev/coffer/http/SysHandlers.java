package dev.coffer.http;

import dev.coffer.core.CofferException;
import dev.coffer.core.Core;
import dev.coffer.core.Version;
import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.seal.SealStatus;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of {@code sys/} that must answer without a token and while sealed: health, init,
 * seal-status and unseal. Vault serves these outside its logical router too, and does not audit
 * them.
 */
final class SysHandlers {
    private static final Set<String> INIT_FIELDS = Set.of("secret_shares", "secret_threshold",
            "pgp_keys", "root_token_pgp_key", "stored_shares", "recovery_shares", "recovery_threshold",
            "recovery_pgp_keys");

    private final Core core;

    SysHandlers(Core core) {
        this.core = core;
    }

    record Reply(int status, Object body) {}

    /** {@code GET/HEAD sys/health}: the status code carries the state; the query can change the codes. */
    Reply health(Map<String, String> query) {
        boolean standbyOk = flag(query, "standbyok") || flag(query, "perfstandbyok");
        for (String name : List.of("uninitcode", "sealedcode", "standbycode", "activecode", "perfstandbycode",
                "drsecondarycode", "performancestandbycode", "recoverymodecode")) {
            code(query, name, 200);
        }
        SealStatus s = core.sealStatus();
        int status;
        if (!s.initialized()) {
            status = code(query, "uninitcode", 501);
        } else if (s.sealed()) {
            status = code(query, "sealedcode", 503);
        } else if (core.isStandby() && !standbyOk) {
            status = code(query, "standbycode", 429);
        } else {
            status = code(query, "activecode", 200);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("initialized", s.initialized());
        body.put("sealed", s.sealed());
        body.put("standby", core.isStandby());
        body.put("performance_standby", false);
        body.put("replication_performance_mode", "disabled");
        body.put("replication_dr_mode", "disabled");
        body.put("server_time_utc", Instant.now(core.clock()).getEpochSecond());
        body.put("version", Version.VERSION);
        body.put("enterprise", false);
        if (core.auditDegraded()) {
            body.put("audit_degraded", true);
        }
        if (s.clusterName() != null) {
            body.put("cluster_name", s.clusterName());
            body.put("cluster_id", s.clusterId());
        }
        return new Reply(status, body);
    }

    private static boolean flag(Map<String, String> q, String name) {
        String v = q.get(name);
        return v != null && (v.isEmpty() || v.equalsIgnoreCase("true") || v.equals("1"));
    }

    private static int code(Map<String, String> q, String name, int fallback) {
        String v = q.get(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int c = Integer.parseInt(v);
            if (c < 200 || c > 599) {
                throw CofferException.invalid("'" + name + "' must be an HTTP status code between 200 and 599");
            }
            return c;
        } catch (NumberFormatException e) {
            throw CofferException.invalid("'" + name + "' must be an HTTP status code, got a non-number");
        }
    }

    Reply initStatus() {
        return new Reply(200, Map.of("initialized", core.isInitialized()));
    }

    Reply initialize(Map<String, Object> body) {
        List<String> unknown = body.keySet().stream().filter(k -> !INIT_FIELDS.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw CofferException.invalid("unknown fields: " + String.join(", ", unknown));
        }
        for (String unsupported : List.of("pgp_keys", "root_token_pgp_key", "recovery_pgp_keys")) {
            Object v = body.get(unsupported);
            if (v != null && !(v instanceof List<?> l && l.isEmpty()) && !"".equals(v)) {
                throw CofferException.invalid("'" + unsupported + "' is not supported yet");
            }
        }
        SealConfig config = SealConfig.shamir(intField(body, "secret_shares"), intField(body, "secret_threshold"));
        if (body.get("stored_shares") != null && intField(body, "stored_shares") != 0) {
            throw CofferException.invalid("'stored_shares' is only for auto-unseal seals and must be 0 with Shamir");
        }
        Core.InitResult r = core.initialize(config, Optional.empty());
        List<String> hex = new java.util.ArrayList<>();
        List<String> b64 = new java.util.ArrayList<>();
        for (SecretBytes share : r.keyShares()) {
            byte[] raw = share.bytes();
            hex.add(HexFormat.of().formatHex(raw));
            b64.add(Base64.getEncoder().encodeToString(raw));
            java.util.Arrays.fill(raw, (byte) 0);
            share.destroy();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keys", hex);
        out.put("keys_base64", b64);
        out.put("root_token", r.rootToken());
        return new Reply(200, out);
    }

    private static int intField(Map<String, Object> body, String name) {
        Object v = body.get(name);
        if (v == null) {
            throw CofferException.invalid("missing required field '" + name + "'");
        }
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof String s && s.matches("\\d{1,4}")) {
            return Integer.parseInt(s);
        }
        throw CofferException.invalid("field '" + name + "' must be an integer");
    }

    Reply sealStatus() {
        return new Reply(200, describe(core.sealStatus()));
    }

    Reply unseal(Map<String, Object> body) {
        List<String> unknown = body.keySet().stream()
                .filter(k -> !Set.of("key", "reset", "migrate").contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw CofferException.invalid("unknown fields: " + String.join(", ", unknown));
        }
        Object reset = body.get("reset");
        if (reset != null && !(reset instanceof Boolean)) {
            throw CofferException.invalid("field 'reset' must be a boolean");
        }
        if (Boolean.TRUE.equals(reset)) {
            return new Reply(200, describe(core.resetUnseal()));
        }
        Object migrate = body.get("migrate");
        if (migrate != null && !(migrate instanceof Boolean)) {
            throw CofferException.invalid("field 'migrate' must be a boolean");
        }
        if (Boolean.TRUE.equals(migrate)) {
            throw CofferException.invalid("'migrate' is not supported: there is no seal migration yet");
        }
        Object key = body.get("key");
        if (key != null && !(key instanceof String)) {
            throw CofferException.invalid("field 'key' must be a string");
        }
        return new Reply(200, describe(core.unseal((String) key)));
    }

    static Map<String, Object> describe(SealStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", s.type());
        m.put("initialized", s.initialized());
        m.put("sealed", s.sealed());
        m.put("t", s.threshold());
        m.put("n", s.shares());
        m.put("progress", s.progress());
        m.put("nonce", s.nonce());
        m.put("version", Version.VERSION);
        m.put("build_date", Version.BUILD_DATE);
        m.put("migration", false);
        if (s.clusterName() != null) {
            m.put("cluster_name", s.clusterName());
            m.put("cluster_id", s.clusterId());
        }
        m.put("recovery_seal", false);
        m.put("storage_type", s.storageType());
        return m;
    }
}
