package dev.coffer.core.token;

import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Fields, views and updates of {@code auth/token/roles/<name>}. */
final class TokenRoles {
    private TokenRoles() {}

    static List<Field> fields() {
        return List.of(
                Field.of("role_name", FieldType.STRING, "The role's name."),
                Field.of("allowed_policies", FieldType.STRING_LIST, "Policies tokens of this role may have."),
                Field.of("disallowed_policies", FieldType.STRING_LIST, "Policies they may never have."),
                Field.of("orphan", FieldType.BOOL, "Tokens are orphans."),
                Field.of("renewable", FieldType.BOOL, "Tokens may be renewed."),
                Field.of("path_suffix", FieldType.STRING, "Appended to the creation path."),
                Field.of("period", FieldType.DURATION, "Deprecated alias of token_period."),
                Field.of("token_period", FieldType.DURATION, "Tokens are periodic with this period."),
                Field.of("explicit_max_ttl", FieldType.DURATION, "Deprecated alias of token_explicit_max_ttl."),
                Field.of("token_explicit_max_ttl", FieldType.DURATION, "Hard ceiling for tokens."),
                Field.of("token_ttl", FieldType.DURATION, "Default TTL."),
                Field.of("token_max_ttl", FieldType.DURATION, "Maximum TTL."),
                Field.of("token_no_default_policy", FieldType.BOOL, "Do not add the default policy."),
                Field.of("token_num_uses", FieldType.INT, "Uses per token."),
                Field.of("token_bound_cidrs", FieldType.STRING_LIST, "Source addresses tokens may be used from."),
                Field.of("token_type", FieldType.STRING, "service (batch is not supported)."),
                Field.of("allowed_entity_aliases", FieldType.STRING_LIST, "Accepted for compatibility."));
    }

    @SuppressWarnings("unchecked")
    static TokenRole merge(Optional<TokenRole> old, FieldData f) {
        TokenRole o = old.orElse(new TokenRole(f.getString("role_name"), List.of(), List.of(), false, true,
                Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, false, 0, "", List.of()));
        if (f.has("token_type") && !"service".equals(f.getString("token_type")) && !"default-service".equals(f.getString("token_type"))) {
            throw dev.coffer.core.CofferException.invalid("token_type '" + f.getString("token_type") + "' is not supported; use service");
        }
        return new TokenRole(o.name(),
                f.has("allowed_policies") ? lower((List<String>) f.get("allowed_policies")) : o.allowedPolicies(),
                f.has("disallowed_policies") ? lower((List<String>) f.get("disallowed_policies")) : o.disallowedPolicies(),
                f.has("orphan") ? f.getBool("orphan") : o.orphan(),
                f.has("renewable") ? f.getBool("renewable") : o.renewable(),
                dur(f, "token_period", dur(f, "period", o.period())),
                dur(f, "token_explicit_max_ttl", dur(f, "explicit_max_ttl", o.explicitMaxTtl())),
                dur(f, "token_ttl", o.ttl()),
                dur(f, "token_max_ttl", o.maxTtl()),
                f.has("token_no_default_policy") ? f.getBool("token_no_default_policy") : o.noDefaultPolicy(),
                f.has("token_num_uses") ? f.getInt("token_num_uses") : o.numUses(),
                f.has("path_suffix") ? f.getString("path_suffix") : o.pathSuffix(),
                f.has("token_bound_cidrs") ? (List<String>) f.get("token_bound_cidrs") : o.boundCidrs());
    }

    private static List<String> lower(List<String> in) {
        return in.stream().map(s -> s.trim().toLowerCase(java.util.Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    private static Duration dur(FieldData f, String name, Duration fallback) {
        return f.has(name) ? f.getDuration(name) : fallback;
    }

    static Map<String, Object> view(TokenRole r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("allowed_policies", r.allowedPolicies());
        m.put("disallowed_policies", r.disallowedPolicies());
        m.put("explicit_max_ttl", r.explicitMaxTtl().toSeconds());
        m.put("name", r.name());
        m.put("orphan", r.orphan());
        m.put("path_suffix", r.pathSuffix());
        m.put("period", r.period().toSeconds());
        m.put("renewable", r.renewable());
        m.put("token_bound_cidrs", r.boundCidrs());
        m.put("token_explicit_max_ttl", r.explicitMaxTtl().toSeconds());
        m.put("token_max_ttl", r.maxTtl().toSeconds());
        m.put("token_no_default_policy", r.noDefaultPolicy());
        m.put("token_num_uses", r.numUses());
        m.put("token_period", r.period().toSeconds());
        m.put("token_ttl", r.ttl().toSeconds());
        m.put("token_type", "service");
        return m;
    }
}
