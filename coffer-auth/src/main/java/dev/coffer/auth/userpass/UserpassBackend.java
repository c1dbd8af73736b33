package dev.coffer.auth.userpass;

import dev.coffer.auth.StoredJson;
import dev.coffer.auth.TokenFields;
import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code users/<name>} (with {@code password} and {@code policies} sub-paths), {@code LIST users}
 * and {@code login/<name>}. User names are case-insensitive (stored lower-case, as Vault does).
 * Storage holds {@code user/<name>}: the bcrypt hash and the token fields, never the password.
 */
final class UserpassBackend implements Backend {
    static final String INVALID = "invalid username or password";

    private final Storage storage;
    private final LoginLockout lockout;
    private final List<PathSpec> paths;

    /** A stored user. */
    private record User(String hash, TokenFields token) {
        Map<String, Object> stored() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("password_hash", hash);
            m.put("token", token.toStored());
            return m;
        }

        @SuppressWarnings("unchecked")
        static User of(Map<String, Object> m) {
            return new User((String) m.get("password_hash"), TokenFields.fromStored((Map<String, Object>) m.get("token")));
        }

        @Override
        public String toString() {
            return "User[policies=" + token.policies() + "]";
        }
    }

    UserpassBackend(BackendContext ctx) {
        this.storage = ctx.storage();
        this.lockout = ctx.services().lockout();
        Field username = Field.of("username", FieldType.STRING, "The user name.");
        Field password = Field.of("password", FieldType.STRING, "The password.").asSensitive();
        this.paths = List.of(
                PathSpec.path("users/?")
                        .on(Operation.LIST, (req, f) -> list())
                        .synopsis("List the users.").build(),
                PathSpec.path("users/(?<username>[^/]+)/password")
                        .field(username).field(password.asRequired())
                        .update(this::setPassword)
                        .synopsis("Change a user's password.").build(),
                PathSpec.path("users/(?<username>[^/]+)/policies")
                        .field(username)
                        .field(Field.of("token_policies", FieldType.STRING_LIST, "The token's policies."))
                        .field(Field.of("policies", FieldType.STRING_LIST, "Deprecated: use token_policies."))
                        .update(this::setPolicies)
                        .synopsis("Change a user's token policies.").build(),
                PathSpec.path("users/(?<username>[^/]+)")
                        .field(username).field(password).fields(TokenFields.fields())
                        .read((req, f) -> read(f))
                        .update(this::write)
                        .on(Operation.DELETE, (req, f) -> {
                            storage.delete(key(f));
                            return Response.noContent();
                        })
                        .synopsis("Create, read, update or delete a user.").build(),
                PathSpec.path("login/(?<username>[^/]+)")
                        .field(username).field(password)
                        .update(this::login)
                        .unauthenticated()
                        .synopsis("Log in with a user name and password.").build());
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "userpass";
    }

    private static String name(FieldData f) {
        String n = f.getString("username").strip().toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.equals(".") || n.equals("..")) {
            throw CofferException.invalid("invalid username");
        }
        return n;
    }

    private static String key(FieldData f) {
        return "user/" + name(f);
    }

    /** A token is renewed only while its user exists (as Vault's userpass). */
    @Override
    public Optional<String> renewalRefusal(Map<String, String> tokenMetadata) {
        String user = tokenMetadata.getOrDefault("username", "");
        return !user.isEmpty() && load("user/" + user).isPresent() ? Optional.empty()
                : Optional.of("the user of this token no longer exists");
    }

    private Optional<User> load(String key) {
        return StoredJson.get(storage, key).map(User::of);
    }

    private Response list() {
        List<String> keys = storage.list("user/").stream().filter(k -> !k.endsWith("/")).toList();
        if (keys.isEmpty()) {
            throw CofferException.notFound("");
        }
        return Response.of(Map.of("keys", keys));
    }

    private Response read(FieldData f) {
        User u = load(key(f)).orElseThrow(() -> CofferException.notFound(""));
        return Response.of(u.token().toMap());
    }

    private Response write(Request req, FieldData f) {
        String key = key(f);
        TokenFields.NONE.merge(f);
        String newHash = f.has("password") ? Passwords.hash(f.getString("password")) : null;
        synchronized (this) {
            Optional<User> existing = load(key);
            if (existing.isEmpty() && newHash == null) {
                throw CofferException.invalid("missing password");
            }
            TokenFields token = existing.map(User::token).orElse(TokenFields.NONE).merge(f);
            StoredJson.put(storage, key, new User(newHash != null ? newHash : existing.get().hash(), token).stored());
        }
        return Response.noContent();
    }

    private Response setPassword(Request req, FieldData f) {
        String key = key(f);
        String hash = Passwords.hash(f.getString("password"));
        synchronized (this) {
            User u = load(key).orElseThrow(() -> CofferException.invalid("username does not exist"));
            StoredJson.put(storage, key, new User(hash, u.token()).stored());
        }
        return Response.noContent();
    }

    private synchronized Response setPolicies(Request req, FieldData f) {
        String key = key(f);
        User u = load(key).orElseThrow(() -> CofferException.invalid("username does not exist"));
        if (!f.has("token_policies") && !f.has("policies")) {
            throw CofferException.invalid("missing token_policies");
        }
        StoredJson.put(storage, key, new User(u.hash(), u.token().merge(f)).stored());
        return Response.noContent();
    }

    private Response login(Request req, FieldData f) {
        String user = name(f);
        ClientInfo client = req.client();
        String password = f.has("password") ? f.getString("password") : "";
        LoginLockout.Attempt attempt = lockout.begin(user, client);
        boolean ok = false;
        Optional<User> u = Optional.empty();
        try {
            u = load("user/" + user);
            // Always one bcrypt check, locked or not, known user or not: the answer's timing tells nothing.
            ok = Passwords.matches(u.map(User::hash).orElse(null), password) && !attempt.locked();
        } finally {
            if (ok) {
                attempt.succeeded();
            } else {
                attempt.failed();
            }
        }
        if (!ok) {
            throw CofferException.invalid(INVALID);
        }
        return Response.ofLogin(u.get().token().login(user, Map.of("username", user), user));
    }
}
