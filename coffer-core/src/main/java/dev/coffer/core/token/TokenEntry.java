package dev.coffer.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the server knows of a token. It never holds the token's id: only its keyed hash names it in
 * storage, so a token entry (and a storage dump) cannot be used to authenticate.
 *
 * @param accessor    a separate id that names the token without its power
 * @param policies    policy names, sorted
 * @param path        the login path that created it, e.g. {@code auth/token/root}
 * @param ttl         zero means no expiry (only root tokens)
 */
public record TokenEntry(
        String accessor,
        List<String> policies,
        String path,
        String displayName,
        Instant creationTime,
        Duration ttl,
        Map<String, String> meta,
        int numUses,
        String type) {

    public TokenEntry {
        policies = List.copyOf(policies);
        meta = Map.copyOf(meta);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRoot() {
        return policies.contains("root");
    }
}
