package dev.coffer.auth.jwt;

import dev.coffer.core.logical.Cidr;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The fields of {@code role/<name>} and how a write (partial: absent fields keep their value) becomes a {@link JwtRole}. */
final class RoleInput {
    private RoleInput() {}

    static List<Field> fields() {
        return List.of(
                Field.of("name", FieldType.STRING, "Name of the role."),
                Field.of("role_type", FieldType.STRING, "Only \"jwt\": the browser (oidc) flow is not supported."),
                Field.of("bound_audiences", FieldType.STRING_LIST, "The token's aud must contain one of these."),
                Field.of("bound_subject", FieldType.STRING, "The token's sub must equal this."),
                Field.of("bound_claims", FieldType.MAP, "Claim (or /json/pointer) → value or list of values (any of)."),
                Field.of("bound_claims_type", FieldType.STRING, "\"string\" (exact) or \"glob\" (* wildcard)."),
                Field.of("claim_mappings", FieldType.MAP, "Claim (or /json/pointer) → token metadata key."),
                Field.of("user_claim", FieldType.STRING, "Claim used as display name and alias (default sub)."),
                Field.of("user_claim_json_pointer", FieldType.BOOL, "user_claim is a JSON pointer."),
                Field.of("groups_claim", FieldType.STRING, "Accepted for compatibility; not used."),
                Field.of("token_policies", FieldType.STRING_LIST, "Policies of the issued token."),
                Field.of("policies", FieldType.STRING_LIST, "Legacy name of token_policies."),
                Field.of("token_ttl", FieldType.DURATION, "TTL of the issued token."),
                Field.of("ttl", FieldType.DURATION, "Legacy name of token_ttl."),
                Field.of("token_max_ttl", FieldType.DURATION, "Maximum TTL of the issued token."),
                Field.of("max_ttl", FieldType.DURATION, "Legacy name of token_max_ttl."),
                Field.of("token_explicit_max_ttl", FieldType.DURATION, "A hard cap of the token's lifetime (folded into token_max_ttl)."),
                Field.of("token_bound_cidrs", FieldType.STRING_LIST, "Addresses the login and token may come from."),
                Field.of("bound_cidrs", FieldType.STRING_LIST, "Legacy name of token_bound_cidrs."),
                Field.of("token_num_uses", FieldType.INT, "Uses of the issued token (0: unlimited)."),
                Field.of("num_uses", FieldType.INT, "Legacy name of token_num_uses."),
                Field.of("token_period", FieldType.DURATION, "Period of a periodic token."),
                Field.of("period", FieldType.DURATION, "Legacy name of token_period."),
                Field.of("token_no_default_policy", FieldType.BOOL, "Do not add the default policy."),
                Field.of("token_type", FieldType.STRING, "\"service\" or \"default\" (batch tokens are not supported)."),
                Field.of("clock_skew_leeway", FieldType.STRING, "Leeway for all time claims (default 60s; -1: none)."),
                Field.of("expiration_leeway", FieldType.STRING, "Extra leeway for exp (default 150s; -1: none)."),
                Field.of("not_before_leeway", FieldType.STRING, "Extra leeway for nbf (default 150s; -1: none)."),
                Field.of("max_age", FieldType.DURATION, "The token's iat must be at most this old."),
                Field.of("verbose_oidc_logging", FieldType.BOOL, "Accepted for compatibility; ignored."),
                Field.of("allowed_redirect_uris", FieldType.STRING_LIST, "OIDC only; accepted and ignored."),
                Field.of("oidc_scopes", FieldType.STRING_LIST, "OIDC only; accepted and ignored."));
    }

    static JwtRole apply(JwtRole base, FieldData f) {
        String roleType = f.has("role_type") ? f.getString("role_type").strip() : base.roleType();
        if (roleType.equals("oidc")) {
            throw JwtErrors.invalid("role_type \"oidc\" is not supported: Coffer does not offer the browser (OIDC) "
                    + "login flow; use role_type \"jwt\" and log in with the platform's ID token");
        }
        if (!roleType.equals("jwt")) {
            throw JwtErrors.invalid("invalid role_type " + JwtErrors.quote(roleType) + ": only \"jwt\" is supported");
        }
        String claimsType = f.has("bound_claims_type") ? f.getString("bound_claims_type").strip() : base.boundClaimsType();
        if (!claimsType.equals("string") && !claimsType.equals("glob")) {
            throw JwtErrors.invalid("invalid bound_claims_type " + JwtErrors.quote(claimsType)
                    + ": use \"string\" or \"glob\"");
        }
        Map<String, List<String>> bound = f.has("bound_claims") ? boundClaims(f.get("bound_claims")) : base.boundClaims();
        Map<String, String> mappings = f.has("claim_mappings") ? mappings(f.get("claim_mappings")) : base.claimMappings();
        String userClaim = f.has("user_claim") ? f.getString("user_claim").strip() : base.userClaim();
        if (userClaim.isEmpty()) {
            throw JwtErrors.invalid("a user claim must be defined on the role (user_claim)");
        }
        List<String> cidrs = pick(f, "token_bound_cidrs", "bound_cidrs", base.tokenBoundCidrs());
        cidrs.forEach(Cidr::parse);
        long ttl = seconds(f, "token_ttl", "ttl", base.tokenTtl());
        long maxTtl = seconds(f, "token_max_ttl", "max_ttl", base.tokenMaxTtl());
        if (maxTtl > 0 && ttl > maxTtl) {
            throw JwtErrors.invalid("token_ttl should not be greater than token_max_ttl");
        }
        if (f.has("token_explicit_max_ttl") && f.getDuration("token_explicit_max_ttl").toSeconds() > 0) {
            // Vault's common token field, as TokenFields treats it: the lower of the two caps wins.
            long explicit = f.getDuration("token_explicit_max_ttl").toSeconds();
            maxTtl = maxTtl == 0 || explicit < maxTtl ? explicit : maxTtl;
        }
        int numUses = f.has("token_num_uses") ? f.getInt("token_num_uses")
                : f.has("num_uses") ? f.getInt("num_uses") : base.tokenNumUses();
        if (numUses < 0) {
            throw JwtErrors.invalid("token_num_uses cannot be negative");
        }
        String tokenType = f.has("token_type") ? f.getString("token_type").strip() : base.tokenType();
        if (tokenType.equals("batch") || tokenType.equals("default-batch")) {
            throw JwtErrors.invalid("token_type " + JwtErrors.quote(tokenType)
                    + " is not supported: Coffer issues service tokens");
        }
        if (!Set.of("service", "default", "default-service").contains(tokenType)) {
            throw JwtErrors.invalid("invalid token_type " + JwtErrors.quote(tokenType) + ": use \"service\" or \"default\"");
        }
        JwtRole role = new JwtRole(roleType,
                f.has("bound_audiences") ? f.getStringList("bound_audiences") : base.boundAudiences(),
                f.has("bound_subject") ? f.getString("bound_subject") : base.boundSubject(),
                bound, claimsType, mappings, userClaim,
                f.has("user_claim_json_pointer") ? f.getBool("user_claim_json_pointer") : base.userClaimJsonPointer(),
                f.has("groups_claim") ? f.getString("groups_claim") : base.groupsClaim(),
                pick(f, "token_policies", "policies", base.tokenPolicies()).stream().map(String::strip)
                        .filter(p -> !p.isEmpty()).distinct().toList(),
                ttl, maxTtl, cidrs, numUses, seconds(f, "token_period", "period", base.tokenPeriod()),
                f.has("token_no_default_policy") ? f.getBool("token_no_default_policy") : base.tokenNoDefaultPolicy(),
                tokenType, leeway(f, "clock_skew_leeway", base.clockSkewLeeway()),
                leeway(f, "expiration_leeway", base.expirationLeeway()),
                leeway(f, "not_before_leeway", base.notBeforeLeeway()),
                f.has("max_age") ? f.getDuration("max_age").toSeconds() : base.maxAge(),
                f.has("verbose_oidc_logging") ? f.getBool("verbose_oidc_logging") : base.verboseOidcLogging());
        if (role.boundAudiences().isEmpty() && role.boundSubject().isEmpty() && role.boundClaims().isEmpty()
                && role.tokenBoundCidrs().isEmpty()) {
            throw JwtErrors.invalid("must have at least one bound constraint when creating/updating a role "
                    + "(bound_audiences, bound_subject, bound_claims or token_bound_cidrs)");
        }
        return role;
    }

    private static List<String> pick(FieldData f, String name, String legacy, List<String> current) {
        return f.has(name) ? f.getStringList(name) : f.has(legacy) ? f.getStringList(legacy) : current;
    }

    private static long seconds(FieldData f, String name, String legacy, long current) {
        Duration d = f.has(name) ? f.getDuration(name) : f.has(legacy) ? f.getDuration(legacy) : null;
        return d == null ? current : d.toSeconds();
    }

    private static long leeway(FieldData f, String name, long current) {
        if (!f.has(name)) {
            return current;
        }
        String v = f.getString(name).strip();
        return v.equals("-1") ? -1 : FieldData.parseDuration(name, v).toSeconds();
    }

    private static Map<String, List<String>> boundClaims(Object raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
            String claim = String.valueOf(e.getKey());
            if (claim.isEmpty()) {
                throw JwtErrors.invalid("bound_claims: a claim name cannot be empty");
            }
            List<String> values = Claims.texts(e.getValue()).orElseThrow(() -> JwtErrors.invalid("bound_claims: "
                    + "the value of " + JwtErrors.quote(claim) + " must be a string, number, boolean or a list of them"));
            if (values.isEmpty()) {
                throw JwtErrors.invalid("bound_claims: the value list of " + JwtErrors.quote(claim) + " is empty");
            }
            out.put(claim, List.copyOf(values));
        }
        return out;
    }

    private static Map<String, String> mappings(Object raw) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> targets = new HashSet<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
            String claim = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof String target) || target.isBlank() || claim.isEmpty()) {
                throw JwtErrors.invalid("claim_mappings: each claim must map to a non-empty metadata key name");
            }
            if (target.equals("role")) {
                throw JwtErrors.invalid("claim_mappings: metadata key \"role\" is reserved and may not be a mapping destination");
            }
            if (!targets.add(target)) {
                throw JwtErrors.invalid("claim_mappings: multiple claims are mapped to metadata key " + JwtErrors.quote(target));
            }
            out.put(claim, target);
        }
        return out;
    }
}
