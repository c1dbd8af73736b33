package dev.coffer.auth.jwt;

import com.nimbusds.jwt.SignedJWT;
import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Cidr;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.Login;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code login}: checks a JWT against the mount's keys and a role, then answers with the token's
 * policies and metadata ({@code role}, the well-known CI claims, the role's claim mappings).
 */
final class JwtLogin {
    /** Well-known CI claims copied into metadata as they are (claim → metadata key). */
    static final Map<String, String> CI_CLAIMS;
    static final int MAX_METADATA_VALUE = 1024;

    static {
        Map<String, String> m = new LinkedHashMap<>();
        for (String c : List.of("repository", "repository_owner", "ref", "ref_type", "workflow", "job_workflow_ref",
                "environment", "actor", "run_id", "sha", "event_name", "project_path", "namespace_path",
                "ref_protected", "environment_protected", "pipeline_source", "job_id", "user_login")) {
            m.put(c, c);
        }
        m.put("kubernetes.io/serviceaccount/service-account.name", "service_account_name");
        m.put("kubernetes.io/serviceaccount/namespace", "service_account_namespace");
        m.put("/kubernetes.io/serviceaccount/name", "service_account_name");
        m.put("/kubernetes.io/namespace", "service_account_namespace");
        CI_CLAIMS = java.util.Collections.unmodifiableMap(m);
    }

    private final JwtStore store;
    private final Clock clock;

    JwtLogin(JwtStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    Response login(Request req, FieldData f) {
        String jwt = f.getString("jwt");
        if (jwt == null || jwt.isBlank()) {
            throw JwtErrors.invalid("missing token: the 'jwt' field is empty");
        }
        JwtConfig config = store.config().orElseThrow(() -> JwtErrors.invalid("could not load configuration: "
                + "the jwt method is not configured (write its config first)"));
        String roleName = f.has("role") && !f.getString("role").isBlank() ? f.getString("role") : config.defaultRole();
        if (roleName.isEmpty()) {
            throw JwtErrors.invalid("missing role: give 'role' or set the mount's default_role");
        }
        JwtRole role = store.role(roleName).orElseThrow(() ->
                JwtErrors.invalid("role " + JwtErrors.quote(roleName) + " could not be found"));
        if (!Cidr.allows(role.tokenBoundCidrs(), req.client() == null ? "" : req.client().remoteAddress())) {
            throw new CofferException(CofferException.Kind.PERMISSION_DENIED,
                    "request originated from an address outside the role's token_bound_cidrs");
        }
        SignedJWT parsed = TokenValidator.parse(jwt);
        KeySource keys = store.keySource(config);
        TokenValidator.Verified v = TokenValidator.verifySignature(parsed, keys, config.jwtSupportedAlgs());
        TokenValidator.checkTimes(v.claimSet(), role, clock);
        TokenValidator.checkIdentity(v.claimSet(), role, config, keys.discoveredIssuer());
        checkBoundClaims(role, v.claims());
        String user = userName(role, v.claims());
        Map<String, String> meta = metadata(roleName, role, v.claims());
        return Response.ofLogin(new Login(user, role.tokenPolicies(), meta, Duration.ofSeconds(role.tokenTtl()),
                Duration.ofSeconds(role.tokenMaxTtl()), Duration.ofSeconds(role.tokenPeriod()), role.tokenNumUses(),
                role.tokenBoundCidrs(), role.tokenNoDefaultPolicy(), user, Map.of(), meta));
    }

    static void checkBoundClaims(JwtRole role, Map<String, Object> claims) {
        for (Map.Entry<String, List<String>> e : role.boundClaims().entrySet()) {
            Object actual = Claims.get(claims, e.getKey());
            if (actual == null) {
                throw JwtErrors.invalid("claim " + JwtErrors.quote(e.getKey()) + " is missing");
            }
            List<String> values = Claims.texts(actual).orElseThrow(() -> JwtErrors.invalid("claim "
                    + JwtErrors.quote(e.getKey()) + " is not a string, number, boolean or list of them"));
            boolean match = values.stream().anyMatch(a -> e.getValue().stream()
                    .anyMatch(x -> role.globs() ? Claims.glob(x, a) : x.equals(a)));
            if (!match) {
                throw JwtErrors.invalid("claim " + JwtErrors.quote(e.getKey())
                        + " does not match any associated bound claim values");
            }
        }
    }

    static String userName(JwtRole role, Map<String, Object> claims) {
        String name = role.userClaim();
        Object raw = role.userClaimJsonPointer() ? Claims.get(claims, name) : claims.get(name);
        if (raw == null) {
            throw JwtErrors.invalid("claim " + JwtErrors.quote(name) + " not found in token");
        }
        Optional<String> s = raw instanceof Boolean ? Optional.empty() : Claims.scalar(raw);
        if (s.isEmpty() || s.get().isEmpty()) {
            throw JwtErrors.invalid("claim " + JwtErrors.quote(name) + " could not be converted to string");
        }
        return s.get();
    }

    static Map<String, String> metadata(String roleName, JwtRole role, Map<String, Object> claims) {
        Map<String, String> meta = new LinkedHashMap<>();
        CI_CLAIMS.forEach((claim, key) -> Claims.scalar(Claims.get(claims, claim))
                .filter(v -> v.length() <= MAX_METADATA_VALUE)
                .ifPresent(v -> meta.put(key, v)));
        role.claimMappings().forEach((claim, key) -> {
            Object raw = Claims.get(claims, claim);
            if (raw != null) {
                String v = Claims.scalar(raw).orElseThrow(() -> JwtErrors.invalid("error converting claim "
                        + JwtErrors.quote(claim) + " to string: claim_mappings take strings, numbers and booleans"));
                meta.put(key, v);
            }
        });
        meta.put("role", roleName);
        return meta;
    }
}
