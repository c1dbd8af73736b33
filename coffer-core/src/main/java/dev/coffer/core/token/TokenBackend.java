package dev.coffer.core.token;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code auth/token/}: create, look up, renew and revoke tokens, and token roles — Vault's token
 * auth method. It lives in the core, beside the {@link TokenStore} it fronts.
 */
public final class TokenBackend implements Backend {
    private final TokenStore store;
    private final List<PathSpec> paths;

    public TokenBackend(TokenStore store) {
        this.store = store;
        Field token = Field.of("token", FieldType.STRING, "The token.").asSensitive();
        Field accessor = Field.of("accessor", FieldType.STRING, "The token's accessor.");
        Field increment = Field.of("increment", FieldType.DURATION, "How far to extend (default: the token's TTL).");
        List<PathSpec> p = new ArrayList<>();
        p.add(PathSpec.path("create-orphan").fields(createFields())
                .update((req, f) -> create(req, f, true, null)).synopsis("Create an orphan token.").build());
        p.add(PathSpec.path("create/(?<role_name>[^/]+)").fields(createFields())
                .update((req, f) -> create(req, f, false, f.getString("role_name")))
                .synopsis("Create a token through a role.").build());
        p.add(PathSpec.path("create").fields(createFields())
                .update((req, f) -> create(req, f, false, f.has("role_name") ? f.getString("role_name") : null))
                .synopsis("Create a child token of the calling token.").build());
        p.add(PathSpec.path("lookup").field(token)
                .update((req, f) -> Response.of(lookupView(byToken(f), f.getString("token"))))
                .read((req, f) -> Response.of(lookupView(byToken(f), f.getString("token"))))
                .synopsis("Look up a token.").build());
        p.add(PathSpec.path("lookup-self").field(token)
                .read((req, f) -> Response.of(lookupView(self(req), req.clientToken())))
                .update((req, f) -> Response.of(lookupView(self(req), req.clientToken())))
                .synopsis("Look up the calling token.").build());
        p.add(PathSpec.path("lookup-accessor").field(accessor)
                .update((req, f) -> Response.of(lookupView(byAccessor(f), "")))
                .synopsis("Look up a token by its accessor.").build());
        p.add(PathSpec.path("renew").field(token).field(increment)
                .update((req, f) -> renew(byToken(f), f, f.getString("token"))).synopsis("Renew a token.").build());
        p.add(PathSpec.path("renew-self").field(token).field(increment)
                .update((req, f) -> renew(self(req), f, req.clientToken())).synopsis("Renew the calling token.").build());
        p.add(PathSpec.path("renew-accessor").field(accessor).field(increment)
                .update((req, f) -> renew(byAccessor(f), f, "")).synopsis("Renew a token by its accessor.").build());
        p.add(PathSpec.path("revoke").field(token)
                .update((req, f) -> revoke(store.lookup(required(f, "token")))).synopsis("Revoke a token and its children.").build());
        p.add(PathSpec.path("revoke-self")
                .update((req, f) -> revoke(Optional.of(self(req)))).synopsis("Revoke the calling token and its children.").build());
        p.add(PathSpec.path("revoke-accessor").field(accessor)
                .update((req, f) -> revoke(store.byAccessor(required(f, "accessor"))))
                .synopsis("Revoke a token by its accessor.").build());
        p.add(PathSpec.path("revoke-orphan").field(token).sudo()
                .update((req, f) -> {
                    store.lookup(required(f, "token")).ifPresent(t -> store.revokeOrphan(t.id()));
                    return Response.noContent();
                })
                .synopsis("Revoke a token; its children become orphans.").build());
        p.add(PathSpec.path("accessors/?").sudo()
                .on(Operation.LIST, (req, f) -> list(store.accessors()))
                .synopsis("List the accessors of all tokens.").build());
        p.add(PathSpec.path("roles/?")
                .on(Operation.LIST, (req, f) -> list(store.roles()))
                .synopsis("List token roles.").build());
        p.add(PathSpec.path("roles/(?<role_name>[A-Za-z0-9][A-Za-z0-9._-]*)").fields(TokenRoles.fields())
                .read((req, f) -> Response.of(TokenRoles.view(store.role(f.getString("role_name"))
                        .orElseThrow(() -> CofferException.notFound("")))))
                .update((req, f) -> {
                    store.putRole(TokenRoles.merge(store.role(f.getString("role_name")), f));
                    return Response.noContent();
                })
                .on(Operation.DELETE, (req, f) -> {
                    store.deleteRole(f.getString("role_name"));
                    return Response.noContent();
                })
                .synopsis("Read, write or delete a token role.").build());
        this.paths = List.copyOf(p);
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "token";
    }

    private static List<Field> createFields() {
        return List.of(
                Field.of("role_name", FieldType.STRING, "Create through this role."),
                Field.of("id", FieldType.STRING, "The token's value (root or sudo only).").asSensitive(),
                Field.of("policies", FieldType.STRING_LIST, "Policies; a subset of the caller's unless root or sudo."),
                Field.of("meta", FieldType.MAP, "Metadata shown in lookups and the audit log."),
                Field.of("no_parent", FieldType.BOOL, "Create an orphan (root or sudo only)."),
                Field.of("no_default_policy", FieldType.BOOL, "Do not add the default policy."),
                Field.of("renewable", FieldType.BOOL, "May be renewed.").withDefault(true),
                Field.of("ttl", FieldType.DURATION, "Time to live (default 768h)."),
                Field.of("lease", FieldType.DURATION, "Deprecated alias of ttl."),
                Field.of("type", FieldType.STRING, "Token type: service (batch tokens are not supported)."),
                Field.of("explicit_max_ttl", FieldType.DURATION, "A hard ceiling no renewal can pass."),
                Field.of("display_name", FieldType.STRING, "Shown in lookups and the audit log."),
                Field.of("num_uses", FieldType.INT, "Uses before the token is revoked (0: unlimited)."),
                Field.of("period", FieldType.DURATION, "Periodic token: every renewal extends by this (root or sudo, or a role)."),
                Field.of("entity_alias", FieldType.STRING, "Accepted for compatibility."));
    }

    private Response create(Request req, FieldData f, boolean orphanPath, String roleName) {
        TokenEntry caller = self(req);
        boolean privileged = caller.isRoot() || req.sudo();
        Optional<TokenRole> role = Optional.empty();
        if (roleName != null) {
            role = Optional.of(store.role(roleName).orElseThrow(() -> CofferException.invalid("unknown role " + roleName)));
        }
        if (f.has("type") && !"service".equals(f.getString("type")) && !"default".equals(f.getString("type"))) {
            throw CofferException.invalid("token type '" + f.getString("type") + "' is not supported; use service");
        }
        Optional<String> id = f.has("id") && !f.getString("id").isEmpty() ? Optional.of(f.getString("id")) : Optional.empty();
        if (id.isPresent() && !privileged) {
            throw CofferException.invalid("root or sudo privileges required to specify token id");
        }
        boolean orphan = orphanPath || role.map(TokenRole::orphan).orElse(false);
        if (f.getBool("no_parent")) {
            if (!privileged) {
                throw CofferException.invalid("root or sudo privileges required to create orphan token");
            }
            orphan = true;
        }
        int numUses = f.has("num_uses") ? f.getInt("num_uses") : role.map(TokenRole::numUses).orElse(0);
        if (numUses < 0) {
            throw CofferException.invalid("number of uses cannot be negative");
        }
        List<String> policies = TokenPolicies.resolve(caller, privileged, role,
                f.has("policies") ? castList(f.get("policies")) : null, f.getBool("no_default_policy")
                        || role.map(TokenRole::noDefaultPolicy).orElse(false));
        Duration ttl = f.has("ttl") ? f.getDuration("ttl") : f.has("lease") ? f.getDuration("lease") : Duration.ZERO;
        Duration explicitMax = f.has("explicit_max_ttl") ? f.getDuration("explicit_max_ttl") : Duration.ZERO;
        Duration period = f.has("period") ? f.getDuration("period") : Duration.ZERO;
        if (!period.isZero() && !privileged && role.isEmpty()) {
            throw CofferException.invalid("root or sudo privileges required to create periodic token");
        }
        if (role.isPresent()) {
            TokenRole r = role.get();
            if (period.isZero()) {
                period = r.period();
            }
            explicitMax = smallestNonZero(explicitMax, r.explicitMaxTtl());
            if (ttl.isZero()) {
                ttl = r.ttl();
            }
            if (!r.maxTtl().isZero() && (ttl.isZero() || ttl.compareTo(r.maxTtl()) > 0)) {
                ttl = r.maxTtl();
            }
            if (!r.maxTtl().isZero()) {
                explicitMax = smallestNonZero(explicitMax, r.maxTtl());
            }
        }
        boolean renewable = f.getBool("renewable") && role.map(TokenRole::renewable).orElse(true);
        String display = "token" + (f.has("display_name") && !f.getString("display_name").isBlank()
                ? "-" + f.getString("display_name").trim() : "");
        String path = "auth/token/create" + (orphanPath ? "-orphan" : "") + (roleName != null ? "/" + roleName : "");
        TokenStore.CreatedToken t = store.create(orphan ? null : caller, new TokenStore.CreateParams(id, policies,
                stringMap(f), display, ttl, explicitMax, period, numUses, renewable, path, roleName,
                role.map(TokenRole::boundCidrs).orElse(List.of())));
        return Response.ofAuth(auth(t), null);
    }

    private static Duration smallestNonZero(Duration a, Duration b) {
        if (a.isZero()) {
            return b;
        }
        return b.isZero() || a.compareTo(b) <= 0 ? a : b;
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    private static Map<String, String> stringMap(FieldData f) {
        if (!f.has("meta")) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        ((Map<?, ?>) f.get("meta")).forEach((k, v) -> {
            if (!(v instanceof String s)) {
                throw CofferException.invalid("field 'meta." + k + "' must be a string");
            }
            out.put(String.valueOf(k), s);
        });
        return out;
    }

    static Auth auth(TokenStore.CreatedToken t) {
        TokenEntry e = t.entry();
        return new Auth(t.clientToken(), e.accessor(), e.policies(), e.policies(), e.meta().isEmpty() ? null : e.meta(),
                e.ttl().toSeconds(), e.renewable(), e.type(), e.isOrphan(), e.numUses());
    }

    private static TokenEntry self(Request req) {
        if (req.token() == null) {
            throw CofferException.permissionDenied();
        }
        return req.token();
    }

    private static String required(FieldData f, String name) {
        if (!f.has(name) || f.getString(name).isEmpty()) {
            throw CofferException.invalid("missing required field '" + name + "'");
        }
        return f.getString(name);
    }

    /** An unknown, malformed or expired token is "bad token", as Vault answers. */
    private TokenEntry byToken(FieldData f) {
        return store.lookup(required(f, "token")).orElseThrow(() -> CofferException.invalid("bad token"));
    }

    private TokenEntry byAccessor(FieldData f) {
        return store.byAccessor(required(f, "accessor"))
                .orElseThrow(() -> CofferException.invalid("invalid accessor"));
    }

    private Map<String, Object> lookupView(TokenEntry e, String presentedId) {
        java.time.Instant now = store.clock().instant();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessor", e.accessor());
        m.put("creation_time", e.creationTime().getEpochSecond());
        m.put("creation_ttl", e.ttl().toSeconds());
        m.put("display_name", e.displayName());
        m.put("entity_id", "");
        m.put("expire_time", e.expireTime() == null ? null : java.time.format.DateTimeFormatter.ISO_INSTANT.format(e.expireTime()));
        m.put("explicit_max_ttl", e.explicitMaxTtl().toSeconds());
        m.put("id", presentedId == null ? "" : presentedId);
        m.put("issue_time", java.time.format.DateTimeFormatter.ISO_INSTANT.format(e.creationTime()));
        m.put("meta", e.meta().isEmpty() ? null : e.meta());
        m.put("num_uses", Math.max(0, e.numUses()));
        m.put("orphan", e.isOrphan());
        m.put("path", e.path());
        m.put("policies", e.policies());
        m.put("renewable", e.renewable());
        if (!e.period().isZero()) {
            m.put("period", e.period().toSeconds());
        }
        if (!e.role().isEmpty()) {
            m.put("role", e.role());
        }
        m.put("ttl", e.expireTime() == null ? 0 : Math.max(0, Duration.between(now, e.expireTime()).toSeconds()));
        m.put("type", e.type());
        return m;
    }

    /** Vault's renewal answer: the token (where the caller presented it) and its new lease. */
    private Response renew(TokenEntry e, FieldData f, String presented) {
        TokenStore.Renewal r = store.renew(e, f.has("increment") ? f.getDuration("increment") : null);
        TokenEntry n = r.entry();
        long lease = r.granted().toSeconds();
        Auth a = new Auth(presented == null ? "" : presented, n.accessor(), n.policies(), n.policies(),
                n.meta().isEmpty() ? null : n.meta(), lease, n.renewable(), n.type(), n.isOrphan(), Math.max(0, n.numUses()));
        Response resp = Response.ofAuth(a, null);
        return r.capped() ? resp.withWarning("TTL of \"" + lease + "s\" exceeded the effective max_ttl; "
                + "the token expires at its max TTL") : resp;
    }

    private Response revoke(Optional<TokenEntry> e) {
        e.ifPresent(t -> store.revokeTree(t.id()));
        return Response.noContent();
    }

    private static Response list(List<String> keys) {
        if (keys.isEmpty()) {
            throw CofferException.notFound("");
        }
        return Response.of(Map.of("keys", keys));
    }
}
