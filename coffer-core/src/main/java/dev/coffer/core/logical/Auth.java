package dev.coffer.core.logical;

import java.util.List;
import java.util.Map;

/** The {@code auth} block of a login or token-create response: a new token and what it may do. */
public record Auth(String clientToken, String accessor, List<String> policies, List<String> tokenPolicies,
                   Map<String, String> metadata, long leaseDuration, boolean renewable, String tokenType,
                   boolean orphan, int numUses) {

    public Auth {
        policies = List.copyOf(policies);
        tokenPolicies = List.copyOf(tokenPolicies);
        metadata = metadata == null ? null : Map.copyOf(metadata);
    }

    @Override
    public String toString() {
        return "Auth[clientToken=[redacted], accessor=" + accessor + ", policies=" + policies + "]";
    }
}
