package dev.coffer.auth;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Cidr;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Login;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Vault's common {@code token_*} fields of a role or user (what the token minted at login looks
 * like): declared once here for every auth method, merged from a request, stored, shown on read and
 * turned into a {@link Login}. {@code policies} is accepted as the deprecated alias of
 * {@code token_policies}, as in Vault.
 *
 * @param policies        the token's policies
 * @param ttl             zero: the mount's default
 * @param maxTtl          zero: the mount's maximum
 * @param period          non-zero for periodic tokens
 * @param numUses         0: unlimited
 * @param noDefaultPolicy leave {@code default} out
 * @param boundCidrs      addresses the token may be used from (empty: any)
 * @param tokenType       {@code default} or {@code service}; Coffer mints service tokens only
 */
public record TokenFields(List<String> policies, Duration ttl, Duration maxTtl, Duration period, int numUses,
                          boolean noDefaultPolicy, List<String> boundCidrs, String tokenType) {
    private static final Set<String> TYPES = Set.of("default", "service", "default-service");

    /** No policies, no limits of its own: the mount decides. */
    public static final TokenFields NONE = new TokenFields(List.of(), Duration.ZERO, Duration.ZERO, Duration.ZERO, 0,
            false, List.of(), "default");

    public TokenFields {
        policies = List.copyOf(policies);
        boundCidrs = List.copyOf(boundCidrs);
    }

    /** The field declarations to add to a role's or user's path. */
    public static List<Field> fields() {
        return List.of(
                Field.of("token_policies", FieldType.STRING_LIST, "Policies of the issued token."),
                Field.of("policies", FieldType.STRING_LIST, "Deprecated: use token_policies."),
                Field.of("token_ttl", FieldType.DURATION, "TTL of the issued token (default: the mount's)."),
                Field.of("token_max_ttl", FieldType.DURATION, "Maximum TTL of the issued token (default: the mount's)."),
                Field.of("token_explicit_max_ttl", FieldType.DURATION, "A hard cap of the token's lifetime."),
                Field.of("token_period", FieldType.DURATION, "Makes the token periodic with this period."),
                Field.of("token_num_uses", FieldType.INT, "Uses of the issued token (0: unlimited)."),
                Field.of("token_no_default_policy", FieldType.BOOL, "Leave the default policy out."),
                Field.of("token_bound_cidrs", FieldType.STRING_LIST, "CIDR blocks the token may be used from."),
                Field.of("token_type", FieldType.STRING, "default or service (batch tokens are not supported)."));
    }

    /** These fields with what the request changes; every value is checked (a bad one changes nothing). */
    public TokenFields merge(FieldData f) {
        List<String> pol = f.has("token_policies") ? f.getStringList("token_policies")
                : f.has("policies") ? f.getStringList("policies") : policies;
        Duration t = f.has("token_ttl") ? f.getDuration("token_ttl") : ttl;
        Duration max = f.has("token_max_ttl") ? f.getDuration("token_max_ttl") : maxTtl;
        if (f.has("token_explicit_max_ttl") && !f.getDuration("token_explicit_max_ttl").isZero()) {
            Duration explicit = f.getDuration("token_explicit_max_ttl");
            max = max.isZero() || explicit.compareTo(max) < 0 ? explicit : max;
        }
        Duration per = f.has("token_period") ? f.getDuration("token_period") : period;
        int uses = f.has("token_num_uses") ? f.getInt("token_num_uses") : numUses;
        boolean noDefault = f.has("token_no_default_policy") ? f.getBool("token_no_default_policy") : noDefaultPolicy;
        List<String> cidrs = f.has("token_bound_cidrs") ? f.getStringList("token_bound_cidrs") : boundCidrs;
        String type = f.has("token_type") ? f.getString("token_type") : tokenType;
        if (uses < 0) {
            throw CofferException.invalid("token_num_uses must not be negative");
        }
        if (!max.isZero() && t.compareTo(max) > 0) {
            throw CofferException.invalid("token_ttl must not be greater than token_max_ttl");
        }
        if (!TYPES.contains(type)) {
            throw CofferException.invalid("token_type must be 'default' or 'service'"
                    + ("batch".equals(type) || "default-batch".equals(type) ? ": batch tokens are not supported" : ""));
        }
        for (String p : pol) {
            if (p.isBlank()) {
                throw CofferException.invalid("token_policies must not contain an empty name");
            }
        }
        if (pol.contains("root")) {
            throw CofferException.invalid("token_policies must not contain root: no login may issue a root token");
        }
        Cidr.parseAll(cidrs);
        return new TokenFields(pol.stream().map(String::strip).distinct().toList(), t, max, per, uses, noDefault,
                cidrs, type);
    }

    /** As Vault shows them on read. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token_policies", policies);
        m.put("policies", policies);
        m.put("token_ttl", ttl.toSeconds());
        m.put("token_max_ttl", maxTtl.toSeconds());
        m.put("token_explicit_max_ttl", 0L);
        m.put("token_period", period.toSeconds());
        m.put("token_num_uses", numUses);
        m.put("token_no_default_policy", noDefaultPolicy);
        m.put("token_bound_cidrs", boundCidrs);
        m.put("token_type", tokenType);
        return m;
    }

    /** For storage (durations in seconds). */
    public Map<String, Object> toStored() {
        Map<String, Object> m = toMap();
        m.remove("policies");
        m.remove("token_explicit_max_ttl");
        return m;
    }

    /** Reads what {@link #toStored} wrote. */
    @SuppressWarnings("unchecked")
    public static TokenFields fromStored(Map<String, Object> m) {
        if (m == null) {
            return NONE;
        }
        return new TokenFields((List<String>) m.getOrDefault("token_policies", List.of()),
                seconds(m.get("token_ttl")), seconds(m.get("token_max_ttl")), seconds(m.get("token_period")),
                ((Number) m.getOrDefault("token_num_uses", 0)).intValue(),
                Boolean.TRUE.equals(m.get("token_no_default_policy")),
                (List<String>) m.getOrDefault("token_bound_cidrs", List.of()),
                (String) m.getOrDefault("token_type", "default"));
    }

    private static Duration seconds(Object o) {
        return o instanceof Number n ? Duration.ofSeconds(n.longValue()) : Duration.ZERO;
    }

    /** The same fields with other bound CIDRs (a secret id's own {@code token_bound_cidrs}). */
    public TokenFields withBoundCidrs(List<String> cidrs) {
        return new TokenFields(policies, ttl, maxTtl, period, numUses, noDefaultPolicy, new ArrayList<>(cidrs), tokenType);
    }

    /** The login the core turns into a token. */
    public Login login(String displayName, Map<String, String> metadata, String alias) {
        return new Login(displayName, policies, metadata, ttl, maxTtl, period, numUses, boundCidrs, noDefaultPolicy,
                alias, Map.of());
    }
}
