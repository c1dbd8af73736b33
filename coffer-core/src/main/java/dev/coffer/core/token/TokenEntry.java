package dev.coffer.core.token;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the server knows of a token. It never holds the token itself: {@code id} is the token's
 * keyed hash (HMAC-SHA256), which names it in storage but cannot authenticate, so a token entry
 * (and a storage dump) is useless to an attacker.
 *
 * @param id              HMAC of the token; also names its cubbyhole
 * @param accessor        a separate random id that names the token without its power
 * @param parent          the parent's {@code id}, empty for orphans and root tokens
 * @param policies        policy names, sorted
 * @param path            the login or create path, e.g. {@code auth/token/create}
 * @param expireTime      null: never expires (root tokens only)
 * @param maxExpireTime   null: no ceiling beyond the system maximum already applied to expireTime
 * @param ttl             the TTL the token was created with (the default renewal increment); zero for root
 * @param period          non-zero for periodic tokens: each renewal extends by this much
 * @param numUses         uses left; 0 means unlimited
 * @param claims          identity claims a login asserted (the jwt method: repository, ref, ...):
 *                        what {@code {{identity.claims.X}}} in a policy reads. Only a login sets
 *                        them; {@code meta}, which token creators choose, never counts as a claim
 */
public record TokenEntry(
        String id,
        String accessor,
        String parent,
        List<String> policies,
        String path,
        String displayName,
        Map<String, String> meta,
        Instant creationTime,
        Instant expireTime,
        Instant maxExpireTime,
        Duration ttl,
        Duration explicitMaxTtl,
        Duration period,
        int numUses,
        boolean renewable,
        String role,
        List<String> boundCidrs,
        String type,
        Map<String, String> claims) {

    public TokenEntry {
        policies = List.copyOf(policies);
        meta = meta == null ? Map.of() : Map.copyOf(meta);
        boundCidrs = boundCidrs == null ? List.of() : List.copyOf(boundCidrs);
        parent = parent == null ? "" : parent;
        role = role == null ? "" : role;
        ttl = ttl == null ? Duration.ZERO : ttl;
        explicitMaxTtl = explicitMaxTtl == null ? Duration.ZERO : explicitMaxTtl;
        period = period == null ? Duration.ZERO : period;
        claims = claims == null ? Map.of() : Map.copyOf(claims);
    }

    @JsonIgnore
    public boolean isRoot() {
        return policies.contains("root");
    }

    @JsonIgnore
    public boolean isOrphan() {
        return parent.isEmpty();
    }

    @JsonIgnore
    public boolean isExpiredAt(Instant now) {
        return expireTime != null && !expireTime.isAfter(now);
    }

    /** After a renewal: a new expiry; {@code ttl} stays the creation TTL (lookups show it as creation_ttl). */
    TokenEntry withExpiry(Instant newExpire) {
        return new TokenEntry(id, accessor, parent, policies, path, displayName, meta, creationTime, newExpire,
                maxExpireTime, ttl, explicitMaxTtl, period, numUses, renewable, role, boundCidrs, type, claims);
    }

    TokenEntry withNumUses(int uses) {
        return new TokenEntry(id, accessor, parent, policies, path, displayName, meta, creationTime, expireTime,
                maxExpireTime, ttl, explicitMaxTtl, period, uses, renewable, role, boundCidrs, type, claims);
    }

    TokenEntry withParent(String newParent) {
        return new TokenEntry(id, accessor, newParent, policies, path, displayName, meta, creationTime, expireTime,
                maxExpireTime, ttl, explicitMaxTtl, period, numUses, renewable, role, boundCidrs, type, claims);
    }
}
