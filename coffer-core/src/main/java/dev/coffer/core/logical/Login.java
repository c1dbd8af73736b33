package dev.coffer.core.logical;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an auth method answers when credentials check out: the core then mints the token (an
 * orphan, its TTL capped by the mount's and the system's maximum — no login makes a token that
 * never expires) and answers in Vault's {@code auth} envelope.
 *
 * @param displayName   shown in lookups and the audit log, prefixed with the mount's type ({@code jwt-})
 * @param policies      the token's policies; {@code default} is added unless {@code noDefaultPolicy}
 * @param metadata      token metadata: CI identity claims (repository, ref, workflow, job, actor)
 *                      that the audit log records and policy templates ({@code {{identity.claims.X}}}) read
 * @param ttl           zero: the mount's default
 * @param maxTtl        zero: the mount's maximum
 * @param period        non-zero for periodic tokens
 * @param numUses       0: unlimited
 * @param boundCidrs    client addresses the token may be used from (empty: any)
 * @param alias         the identity's name in this method (user name, role id, subject), for the response
 * @param data          extra response data (empty for most methods)
 * @param claims        identity claims the method verified (a signed ID token's): the only input of
 *                      policy templates. Methods whose callers choose their metadata (approle secret
 *                      ids, userpass) give none
 */
public record Login(String displayName, List<String> policies, Map<String, String> metadata, Duration ttl,
                    Duration maxTtl, Duration period, int numUses, List<String> boundCidrs, boolean noDefaultPolicy,
                    String alias, Map<String, Object> data, Map<String, String> claims) {

    /** A login without identity claims. */
    public Login(String displayName, List<String> policies, Map<String, String> metadata, Duration ttl,
                 Duration maxTtl, Duration period, int numUses, List<String> boundCidrs, boolean noDefaultPolicy,
                 String alias, Map<String, Object> data) {
        this(displayName, policies, metadata, ttl, maxTtl, period, numUses, boundCidrs, noDefaultPolicy, alias, data,
                Map.of());
    }

    public Login {
        policies = List.copyOf(policies);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        ttl = ttl == null ? Duration.ZERO : ttl;
        maxTtl = maxTtl == null ? Duration.ZERO : maxTtl;
        period = period == null ? Duration.ZERO : period;
        boundCidrs = boundCidrs == null ? List.of() : List.copyOf(boundCidrs);
        alias = alias == null ? "" : alias;
        data = data == null ? Map.of() : Map.copyOf(data);
        claims = claims == null ? Map.of() : Map.copyOf(claims);
        if (numUses < 0) {
            throw new IllegalArgumentException("numUses must not be negative");
        }
    }

    @Override
    public String toString() {
        return "Login[displayName=" + displayName + ", policies=" + policies + ", metadata=" + metadata.keySet() + "]";
    }
}
