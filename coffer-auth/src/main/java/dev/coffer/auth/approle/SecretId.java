package dev.coffer.auth.approle;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What is stored for one secret id (under the keyed hash of the secret id itself, which is never
 * stored): its accessor, limits and metadata. {@code expiration} is null for no expiry;
 * {@code numUses} 0 means unlimited.
 */
record SecretId(String accessor, Map<String, String> metadata, List<String> cidrList, List<String> tokenBoundCidrs,
                int numUses, long ttlSeconds, Instant creation, Instant expiration, Instant lastUpdated) {

    SecretId {
        metadata = Map.copyOf(metadata);
        cidrList = List.copyOf(cidrList);
        tokenBoundCidrs = List.copyOf(tokenBoundCidrs);
    }

    boolean expiredAt(Instant now) {
        return expiration != null && !now.isBefore(expiration);
    }

    SecretId used(Instant now) {
        return new SecretId(accessor, metadata, cidrList, tokenBoundCidrs, numUses - 1, ttlSeconds, creation,
                expiration, now);
    }

    Map<String, Object> stored() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessor", accessor);
        m.put("metadata", metadata);
        m.put("cidr_list", cidrList);
        m.put("token_bound_cidrs", tokenBoundCidrs);
        m.put("num_uses", numUses);
        m.put("ttl", ttlSeconds);
        m.put("creation", creation.toString());
        m.put("expiration", expiration == null ? null : expiration.toString());
        m.put("last_updated", lastUpdated.toString());
        return m;
    }

    @SuppressWarnings("unchecked")
    static SecretId of(Map<String, Object> m) {
        Object exp = m.get("expiration");
        return new SecretId((String) m.get("accessor"), (Map<String, String>) m.get("metadata"),
                (List<String>) m.get("cidr_list"), (List<String>) m.get("token_bound_cidrs"),
                ((Number) m.get("num_uses")).intValue(), ((Number) m.get("ttl")).longValue(),
                Instant.parse((String) m.get("creation")), exp == null ? null : Instant.parse((String) exp),
                Instant.parse((String) m.get("last_updated")));
    }

    /** As {@code secret-id/lookup} shows it (Vault's shape). */
    Map<String, Object> view() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cidr_list", cidrList);
        m.put("creation_time", creation.toString());
        m.put("expiration_time", expiration == null ? "0001-01-01T00:00:00Z" : expiration.toString());
        m.put("last_updated_time", lastUpdated.toString());
        m.put("metadata", metadata);
        m.put("secret_id_accessor", accessor);
        m.put("secret_id_num_uses", numUses);
        m.put("secret_id_ttl", ttlSeconds);
        m.put("token_bound_cidrs", tokenBoundCidrs);
        return m;
    }
}
