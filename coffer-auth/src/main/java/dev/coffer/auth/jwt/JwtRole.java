package dev.coffer.auth.jwt;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A jwt role: what a token must prove (audience, subject, bound claims) and what the Coffer token
 * it earns may do. Durations are whole seconds; a leeway of -1 means none.
 */
record JwtRole(String roleType, List<String> boundAudiences, String boundSubject,
               Map<String, List<String>> boundClaims, String boundClaimsType, Map<String, String> claimMappings,
               String userClaim, boolean userClaimJsonPointer, String groupsClaim, List<String> tokenPolicies,
               long tokenTtl, long tokenMaxTtl, List<String> tokenBoundCidrs, int tokenNumUses, long tokenPeriod,
               boolean tokenNoDefaultPolicy, String tokenType, long clockSkewLeeway, long expirationLeeway,
               long notBeforeLeeway, long maxAge, boolean verboseOidcLogging) {

    static final long DEFAULT_CLOCK_SKEW = 60;
    static final long DEFAULT_EXP_LEEWAY = 150;
    static final long DEFAULT_NBF_LEEWAY = 150;

    JwtRole {
        boundAudiences = List.copyOf(boundAudiences);
        boundClaims = Map.copyOf(boundClaims);
        claimMappings = Map.copyOf(claimMappings);
        tokenPolicies = List.copyOf(tokenPolicies);
        tokenBoundCidrs = List.copyOf(tokenBoundCidrs);
    }

    static JwtRole defaults() {
        return new JwtRole("jwt", List.of(), "", Map.of(), "string", Map.of(), "sub", false, "", List.of(), 0, 0,
                List.of(), 0, 0, false, "default", DEFAULT_CLOCK_SKEW, DEFAULT_EXP_LEEWAY, DEFAULT_NBF_LEEWAY, 0, false);
    }

    boolean globs() {
        return "glob".equals(boundClaimsType);
    }

    Map<String, Object> toResponse() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role_type", roleType);
        m.put("bound_audiences", boundAudiences);
        m.put("bound_subject", boundSubject);
        Map<String, Object> claims = new LinkedHashMap<>();
        boundClaims.forEach((k, v) -> claims.put(k, v.size() == 1 ? v.get(0) : v));
        m.put("bound_claims", claims);
        m.put("bound_claims_type", boundClaimsType);
        m.put("claim_mappings", claimMappings);
        m.put("user_claim", userClaim);
        m.put("user_claim_json_pointer", userClaimJsonPointer);
        m.put("groups_claim", groupsClaim);
        m.put("clock_skew_leeway", clockSkewLeeway);
        m.put("expiration_leeway", expirationLeeway);
        m.put("not_before_leeway", notBeforeLeeway);
        m.put("max_age", maxAge);
        m.put("verbose_oidc_logging", verboseOidcLogging);
        m.put("allowed_redirect_uris", List.of());
        m.put("oidc_scopes", List.of());
        m.put("token_policies", tokenPolicies);
        m.put("policies", tokenPolicies);
        m.put("token_ttl", tokenTtl);
        m.put("token_max_ttl", tokenMaxTtl);
        m.put("token_explicit_max_ttl", 0);
        m.put("token_period", tokenPeriod);
        m.put("token_num_uses", tokenNumUses);
        m.put("token_bound_cidrs", tokenBoundCidrs);
        m.put("token_no_default_policy", tokenNoDefaultPolicy);
        m.put("token_type", tokenType);
        return m;
    }
}
