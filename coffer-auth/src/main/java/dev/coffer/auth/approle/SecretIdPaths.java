package dev.coffer.auth.approle;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Cidr;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code role/<name>/secret-id} (generate; LIST gives accessors), {@code custom-secret-id},
 * {@code secret-id/lookup|destroy} and {@code secret-id-accessor/lookup|destroy}. A secret id is
 * shown once, when made; afterwards only its accessor names it.
 */
final class SecretIdPaths {
    private static final int MAX_CUSTOM = 4096;

    private final SecretIdStore store;
    private final Clock clock;
    private final Function<FieldData, Role> roles;

    SecretIdPaths(SecretIdStore store, Clock clock, Function<FieldData, Role> roles) {
        this.store = store;
        this.clock = clock;
        this.roles = roles;
    }

    List<PathSpec> paths(Field roleName) {
        String base = "role/" + AppRoleBackend.NAME;
        Field secretId = Field.of("secret_id", FieldType.STRING, "The secret id.").asSensitive();
        Field accessor = Field.of("secret_id_accessor", FieldType.STRING, "The secret id's accessor.");
        List<Field> generate = List.of(roleName,
                Field.of("metadata", FieldType.STRING, "A JSON object of strings, added to the token's metadata."),
                Field.of("cidr_list", FieldType.STRING_LIST, "CIDR blocks this secret id may log in from."),
                Field.of("token_bound_cidrs", FieldType.STRING_LIST, "CIDR blocks the token may be used from."),
                Field.of("ttl", FieldType.DURATION, "Lifetime (at most the role's secret_id_ttl)."),
                Field.of("num_uses", FieldType.INT, "Uses (at most the role's secret_id_num_uses)."));
        List<PathSpec> p = new ArrayList<>();
        p.add(PathSpec.path(base + "/secret-id/lookup").field(roleName).field(secretId)
                .update((req, f) -> lookup(roles.apply(f), store.hash(required(f, "secret_id"))))
                .synopsis("Show a secret id's properties.").build());
        p.add(PathSpec.path(base + "/secret-id/destroy").field(roleName).field(secretId)
                .update((req, f) -> destroy(roles.apply(f), store.hash(required(f, "secret_id"))))
                .on(Operation.DELETE, (req, f) -> destroy(roles.apply(f), store.hash(required(f, "secret_id"))))
                .synopsis("Destroy a secret id.").build());
        p.add(PathSpec.path(base + "/secret-id-accessor/lookup").field(roleName).field(accessor)
                .update((req, f) -> lookup(roles.apply(f), byAccessor(f)))
                .synopsis("Show the properties of the secret id of an accessor.").build());
        p.add(PathSpec.path(base + "/secret-id-accessor/destroy").field(roleName).field(accessor)
                .update((req, f) -> destroy(roles.apply(f), byAccessor(f)))
                .on(Operation.DELETE, (req, f) -> destroy(roles.apply(f), byAccessor(f)))
                .synopsis("Destroy the secret id of an accessor.").build());
        p.add(PathSpec.path(base + "/custom-secret-id").fields(generate).field(secretId)
                .update(this::custom)
                .synopsis("Register a secret id chosen by the caller.").build());
        p.add(PathSpec.path(base + "/secret-id/?").fields(generate)
                .update((req, f) -> create(roles.apply(f), SecretIdStore.newId(), f))
                .on(Operation.LIST, (req, f) -> list(roles.apply(f)))
                .synopsis("Generate a secret id, or list the accessors of a role's secret ids.").build());
        return p;
    }

    private static String required(FieldData f, String name) {
        String v = f.has(name) ? f.getString(name) : "";
        if (v.isEmpty()) {
            throw CofferException.invalid("missing " + name);
        }
        return v;
    }

    private String byAccessor(FieldData f) {
        Role r = roles.apply(f);
        String a = required(f, "secret_id_accessor");
        return store.hashOfAccessor(r.name(), a)
                .orElseThrow(() -> CofferException.invalid("no secret id with accessor \"" + a + "\" on this role"));
    }

    private Response custom(Request req, FieldData f) {
        String secret = required(f, "secret_id");
        if (secret.length() > MAX_CUSTOM) {
            throw CofferException.invalid("secret_id must be at most " + MAX_CUSTOM + " characters");
        }
        return create(roles.apply(f), secret, f);
    }

    private Response create(Role role, String secret, FieldData f) {
        Map<String, String> metadata = SecretIdMetadata.parse(f.has("metadata") ? f.getString("metadata") : "");
        List<String> cidrs = f.has("cidr_list") ? f.getStringList("cidr_list") : List.of();
        List<String> tokenCidrs = f.has("token_bound_cidrs") ? f.getStringList("token_bound_cidrs") : List.of();
        requireWithin("cidr_list", cidrs, role.secretIdBoundCidrs());
        requireWithin("token_bound_cidrs", tokenCidrs, role.token().boundCidrs());
        int uses = f.has("num_uses") ? f.getInt("num_uses") : role.secretIdNumUses();
        if (uses < 0) {
            throw CofferException.invalid("num_uses must not be negative");
        }
        if (role.secretIdNumUses() > 0 && (uses == 0 || uses > role.secretIdNumUses())) {
            throw CofferException.invalid("num_uses must be 1 to the role's secret_id_num_uses ("
                    + role.secretIdNumUses() + ")");
        }
        Duration ttl = f.has("ttl") && !f.getDuration("ttl").isZero() ? f.getDuration("ttl") : role.secretIdTtl();
        if (!role.secretIdTtl().isZero() && ttl.compareTo(role.secretIdTtl()) > 0) {
            throw CofferException.invalid("ttl must not be longer than the role's secret_id_ttl ("
                    + role.secretIdTtl().toSeconds() + "s)");
        }
        Instant now = clock.instant();
        String hash = store.hash(secret);
        SecretId s = new SecretId(SecretIdStore.newId(), metadata, cidrs, tokenCidrs, uses, ttl.toSeconds(), now,
                ttl.isZero() ? null : now.plus(ttl), now);
        synchronized (store.lock(role.name())) {
            if (store.exists(role.name(), hash)) {
                throw CofferException.invalid("secret_id is already registered on this role");
            }
            store.put(role.name(), hash, s);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("secret_id", secret);
        out.put("secret_id_accessor", s.accessor());
        out.put("secret_id_ttl", s.ttlSeconds());
        out.put("secret_id_num_uses", s.numUses());
        return Response.of(out);
    }

    /** Each block must lie inside one of the role's (when the role has any). */
    private static void requireWithin(String field, List<String> blocks, List<String> roleBlocks) {
        List<Cidr> outer = Cidr.parseAll(roleBlocks);
        for (Cidr inner : Cidr.parseAll(blocks)) {
            if (!outer.isEmpty() && outer.stream().noneMatch(o -> within(inner, o))) {
                throw CofferException.invalid(field + ": " + inner + " is not within the role's blocks " + roleBlocks);
            }
        }
    }

    private static boolean within(Cidr inner, Cidr outer) {
        try {
            return inner.prefix() >= outer.prefix()
                    && outer.contains(InetAddress.getByAddress(inner.network()).getHostAddress());
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private Response lookup(Role role, String hash) {
        Optional<SecretId> s;
        synchronized (store.lock(role.name())) {
            s = store.live(role.name(), hash);
        }
        return Response.of(s.orElseThrow(() -> CofferException.notFound("")).view());
    }

    private Response destroy(Role role, String hash) {
        synchronized (store.lock(role.name())) {
            store.get(role.name(), hash).ifPresent(s -> store.delete(role.name(), hash, s));
        }
        return Response.noContent();
    }

    private Response list(Role role) {
        List<String> keys = new ArrayList<>();
        synchronized (store.lock(role.name())) {
            for (String accessor : store.accessors(role.name())) {
                store.hashOfAccessor(role.name(), accessor)
                        .flatMap(h -> store.live(role.name(), h))
                        .ifPresent(s -> keys.add(accessor));
            }
        }
        if (keys.isEmpty()) {
            throw CofferException.notFound("");
        }
        return Response.of(Map.of("keys", keys));
    }
}
