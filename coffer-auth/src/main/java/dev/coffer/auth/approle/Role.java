package dev.coffer.auth.approle;

import dev.coffer.auth.TokenFields;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An AppRole role as stored under {@code role/<name>}. */
record Role(String name, String roleId, boolean bindSecretId, int secretIdNumUses, Duration secretIdTtl,
            List<String> secretIdBoundCidrs, boolean localSecretIds, TokenFields token) {

    Role {
        secretIdBoundCidrs = List.copyOf(secretIdBoundCidrs);
    }

    Map<String, Object> stored() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("role_id", roleId);
        m.put("bind_secret_id", bindSecretId);
        m.put("secret_id_num_uses", secretIdNumUses);
        m.put("secret_id_ttl", secretIdTtl.toSeconds());
        m.put("secret_id_bound_cidrs", secretIdBoundCidrs);
        m.put("local_secret_ids", localSecretIds);
        m.put("token", token.toStored());
        return m;
    }

    @SuppressWarnings("unchecked")
    static Role of(Map<String, Object> m) {
        return new Role((String) m.get("name"), (String) m.get("role_id"), Boolean.TRUE.equals(m.get("bind_secret_id")),
                ((Number) m.get("secret_id_num_uses")).intValue(),
                Duration.ofSeconds(((Number) m.get("secret_id_ttl")).longValue()),
                (List<String>) m.get("secret_id_bound_cidrs"), Boolean.TRUE.equals(m.get("local_secret_ids")),
                TokenFields.fromStored((Map<String, Object>) m.get("token")));
    }

    /** What {@code GET role/<name>} shows (not the role id: that has its own path). */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bind_secret_id", bindSecretId);
        m.put("local_secret_ids", localSecretIds);
        m.put("secret_id_bound_cidrs", secretIdBoundCidrs);
        m.put("secret_id_num_uses", secretIdNumUses);
        m.put("secret_id_ttl", secretIdTtl.toSeconds());
        m.putAll(token.toMap());
        return m;
    }

    Role withRoleId(String id) {
        return new Role(name, id, bindSecretId, secretIdNumUses, secretIdTtl, secretIdBoundCidrs, localSecretIds, token);
    }

    @Override
    public String toString() {
        return "Role[" + name + "]";
    }
}
