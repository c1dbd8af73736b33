package dev.coffer.core.token;

import java.time.Duration;
import java.util.List;

/**
 * A token role ({@code auth/token/roles/<name>}): what tokens created through it may have.
 * Durations of zero mean "not set".
 */
public record TokenRole(String name, List<String> allowedPolicies, List<String> disallowedPolicies, boolean orphan,
                        boolean renewable, Duration period, Duration explicitMaxTtl, Duration ttl, Duration maxTtl,
                        boolean noDefaultPolicy, int numUses, String pathSuffix, List<String> boundCidrs) {
    public TokenRole {
        allowedPolicies = List.copyOf(allowedPolicies);
        disallowedPolicies = List.copyOf(disallowedPolicies);
        boundCidrs = boundCidrs == null ? List.of() : List.copyOf(boundCidrs);
        pathSuffix = pathSuffix == null ? "" : pathSuffix;
    }
}
