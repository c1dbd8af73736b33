package dev.coffer.auth.approle;

import dev.coffer.auth.StoredJson;
import dev.coffer.auth.TokenFields;
import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.Cidr;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.LoginLockout;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.storage.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code role/<name>} (and {@code LIST role}), {@code role/<name>/role-id}, the secret-id paths
 * ({@link SecretIdPaths}) and {@code login}. Role names are case-insensitive (stored lower-case).
 * A failed login never says which of role id and secret id was wrong, and a locked-out role id gets
 * the same answer.
 */
final class AppRoleBackend implements Backend {
    static final String INVALID = "invalid role or secret ID";
    /** Role ids and secret ids are at most this long; longer input is refused before anything else. */
    static final int MAX_ID_CHARS = 1024;
    static final String NAME = "(?<role_name>\\w(?:[\\w.@-]{0,126}\\w)?)";

    private final Storage storage;
    private final SecretIdStore secretIds;
    private final LoginLockout lockout;
    private final List<PathSpec> paths;

    AppRoleBackend(BackendContext ctx) {
        this.storage = ctx.storage();
        this.secretIds = new SecretIdStore(storage, ctx.clock());
        this.lockout = ctx.services().lockout();
        Field roleName = Field.of("role_name", FieldType.STRING, "The role's name.");
        List<PathSpec> p = new ArrayList<>();
        p.add(PathSpec.path("role/?")
                .on(Operation.LIST, (req, f) -> listRoles())
                .synopsis("List the roles.").build());
        p.add(PathSpec.path("role/" + NAME + "/role-id")
                .field(roleName)
                .field(Field.of("role_id", FieldType.STRING, "A custom role id."))
                .read((req, f) -> Response.of(Map.of("role_id", role(f).roleId())))
                .update(this::setRoleId)
                .synopsis("Read or set a role's role id.").build());
        p.addAll(new SecretIdPaths(secretIds, ctx.clock(), this::role).paths(roleName));
        p.add(PathSpec.path("role/" + NAME)
                .field(roleName)
                .field(Field.of("bind_secret_id", FieldType.BOOL, "Require a secret id at login (default true)."))
                .field(Field.of("secret_id_num_uses", FieldType.INT, "Uses of each secret id (0: unlimited)."))
                .field(Field.of("secret_id_ttl", FieldType.DURATION, "Lifetime of each secret id (0: unlimited)."))
                .field(Field.of("secret_id_bound_cidrs", FieldType.STRING_LIST, "CIDR blocks logins may come from."))
                .field(Field.of("local_secret_ids", FieldType.BOOL, "Accepted for compatibility."))
                .field(Field.of("role_id", FieldType.STRING, "A custom role id (default: random)."))
                .fields(TokenFields.fields())
                .read((req, f) -> Response.of(role(f).view()))
                .update(this::writeRole)
                .on(Operation.DELETE, this::deleteRole)
                .synopsis("Create, read, update or delete a role.").build());
        p.add(PathSpec.path("login")
                .field(Field.of("role_id", FieldType.STRING, "The role id."))
                .field(Field.of("secret_id", FieldType.STRING, "The secret id.").asSensitive())
                .update(this::login)
                .unauthenticated()
                .synopsis("Log in with a role id and a secret id.").build());
        this.paths = List.copyOf(p);
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "approle";
    }

    static String roleName(FieldData f) {
        return f.getString("role_name").toLowerCase(Locale.ROOT);
    }

    /** A token is renewed only while its role exists (as Vault's AppRole). */
    @Override
    public Optional<String> renewalRefusal(Map<String, String> tokenMetadata) {
        String role = tokenMetadata.getOrDefault("role_name", "");
        return !role.isEmpty() && load(role).isPresent() ? Optional.empty()
                : Optional.of("the role of this token no longer exists");
    }

    private Optional<Role> load(String name) {
        return StoredJson.get(storage, "role/" + name).map(Role::of);
    }

    /** The role named in the path; a clear 400 when it does not exist. */
    Role role(FieldData f) {
        String name = roleName(f);
        return load(name).orElseThrow(() -> CofferException.invalid("role \"" + name + "\" does not exist"));
    }

    private Response listRoles() {
        List<String> keys = storage.list("role/");
        if (keys.isEmpty()) {
            throw CofferException.notFound("");
        }
        return Response.of(Map.of("keys", keys));
    }

    private synchronized Response writeRole(Request req, FieldData f) {
        String name = roleName(f);
        Optional<Role> existing = load(name);
        boolean bind = f.has("bind_secret_id") ? f.getBool("bind_secret_id")
                : existing.map(Role::bindSecretId).orElse(true);
        int uses = f.has("secret_id_num_uses") ? f.getInt("secret_id_num_uses")
                : existing.map(Role::secretIdNumUses).orElse(0);
        Duration ttl = f.has("secret_id_ttl") ? f.getDuration("secret_id_ttl")
                : existing.map(Role::secretIdTtl).orElse(Duration.ZERO);
        List<String> cidrs = f.has("secret_id_bound_cidrs") ? f.getStringList("secret_id_bound_cidrs")
                : existing.map(Role::secretIdBoundCidrs).orElse(List.of());
        boolean local = existing.map(Role::localSecretIds)
                .orElse(f.has("local_secret_ids") && f.getBool("local_secret_ids"));
        if (uses < 0) {
            throw CofferException.invalid("secret_id_num_uses must not be negative");
        }
        Cidr.parseAll(cidrs);
        TokenFields token = existing.map(Role::token).orElse(TokenFields.NONE).merge(f);
        if (!bind && cidrs.isEmpty() && token.boundCidrs().isEmpty()) {
            throw CofferException.invalid("at least one constraint must be enabled on the role: bind_secret_id, "
                    + "secret_id_bound_cidrs or token_bound_cidrs");
        }
        String roleId = f.has("role_id") ? checkedRoleId(f.getString("role_id"), name)
                : existing.map(Role::roleId).orElseGet(SecretIdStore::newId);
        Role role = new Role(name, roleId, bind, uses, ttl, cidrs, local, token);
        StoredJson.put(storage, "role/" + name, role.stored());
        existing.filter(e -> !e.roleId().equals(roleId)).ifPresent(e -> secretIds.unbindRoleId(e.roleId()));
        secretIds.bindRoleId(roleId, name);
        return Response.noContent();
    }

    private String checkedRoleId(String roleId, String name) {
        if (roleId == null || roleId.isBlank()) {
            throw CofferException.invalid("role_id must not be empty");
        }
        if (roleId.length() > 4096) {
            throw CofferException.invalid("role_id must be at most 4096 characters");
        }
        Optional<String> owner = secretIds.roleOf(roleId);
        if (owner.isPresent() && !owner.get().equals(name)) {
            throw CofferException.invalid("role_id is already in use by another role");
        }
        return roleId;
    }

    private synchronized Response setRoleId(Request req, FieldData f) {
        Role r = role(f);
        if (!f.has("role_id")) {
            throw CofferException.invalid("missing role_id");
        }
        String roleId = checkedRoleId(f.getString("role_id"), r.name());
        StoredJson.put(storage, "role/" + r.name(), r.withRoleId(roleId).stored());
        if (!r.roleId().equals(roleId)) {
            secretIds.unbindRoleId(r.roleId());
        }
        secretIds.bindRoleId(roleId, r.name());
        return Response.noContent();
    }

    private synchronized Response deleteRole(Request req, FieldData f) {
        String name = roleName(f);
        Optional<Role> r = load(name);
        if (r.isPresent()) {
            secretIds.deleteAll(name);
            secretIds.unbindRoleId(r.get().roleId());
            storage.delete("role/" + name);
        }
        return Response.noContent();
    }

    private Response login(Request req, FieldData f) {
        String roleId = f.has("role_id") ? f.getString("role_id") : "";
        if (roleId.isEmpty()) {
            throw CofferException.invalid("missing role_id");
        }
        if (roleId.length() > MAX_ID_CHARS) {
            throw CofferException.invalid(INVALID);
        }
        ClientInfo client = req.client();
        String address = client == null ? "" : client.remoteAddress();
        LoginLockout.Attempt attempt = lockout.begin(roleId, client);
        boolean ok = false;
        try {
            if (attempt.locked()) {
                throw CofferException.invalid(INVALID);
            }
            Role role = secretIds.roleOf(roleId).flatMap(this::load).orElse(null);
            if (role == null) {
                throw CofferException.invalid(INVALID);
            }
            if (!Cidr.allows(role.secretIdBoundCidrs(), address)) {
                throw CofferException.invalid("source address \"" + address + "\" unauthorized through CIDR restrictions on the role");
            }
            TokenFields token = role.token();
            Map<String, String> meta = new TreeMap<>();
            if (role.bindSecretId()) {
                String secret = f.has("secret_id") ? f.getString("secret_id") : "";
                if (secret.isEmpty()) {
                    throw CofferException.invalid("missing secret_id");
                }
                SecretId used = spend(role, secretIds.hash(secret), client);
                meta.putAll(used.metadata());
                if (!used.tokenBoundCidrs().isEmpty()) {
                    token = token.withBoundCidrs(used.tokenBoundCidrs());
                }
            }
            meta.put("role_name", role.name());
            Response r = Response.ofLogin(token.login(role.name(), meta, roleId));
            ok = true;
            return r;
        } finally {
            if (ok) {
                attempt.succeeded();
            } else {
                attempt.failed();
            }
        }
    }

    /** Checks and spends one use of a secret id, atomically for its role. */
    private SecretId spend(Role role, String hash, ClientInfo client) {
        String address = client == null ? "" : client.remoteAddress();
        synchronized (secretIds.lock(role.name())) {
            SecretId s = secretIds.live(role.name(), hash).orElse(null);
            if (s == null) {
                throw CofferException.invalid(INVALID);
            }
            if (!Cidr.allows(s.cidrList(), address)) {
                throw CofferException.invalid("source address \"" + address
                        + "\" unauthorized through CIDR restrictions on the secret ID");
            }
            secretIds.spend(role.name(), hash, s);
            return s;
        }
    }
}
