package dev.coffer.auth.jwt;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The jwt auth method's path table: {@code config}, {@code role/<name>}, {@code role/} and {@code login}. */
final class JwtBackend implements Backend {
    static final String ROLE_NAME = "\\w(?:[\\w.@-]*\\w)?";

    private final JwtStore store;
    private final Clock clock;
    private final List<PathSpec> paths;

    JwtBackend(BackendContext ctx) {
        this.clock = ctx.clock();
        this.store = new JwtStore(ctx.storage(), clock);
        JwtLogin login = new JwtLogin(store, clock);
        this.paths = List.of(
                PathSpec.path("login")
                        .field(Field.of("jwt", FieldType.STRING, "The signed JWT (ID token).").asSensitive())
                        .field(Field.of("role", FieldType.STRING, "The role to log in with (default: default_role)."))
                        .update(login::login)
                        .unauthenticated()
                        .synopsis("Log in with a JWT: GitHub Actions, GitLab CI or Kubernetes ID tokens.")
                        .build(),
                PathSpec.path("config")
                        .fields(configFields())
                        .read((req, f) -> Response.of(store.config().map(JwtConfig::toResponse)
                                .orElseThrow(() -> CofferException.notFound(""))))
                        .update(this::writeConfig)
                        .synopsis("Where the signing keys come from, the bound issuer and the default role.")
                        .build(),
                PathSpec.path("role/?")
                        .on(Operation.LIST, (req, f) -> Response.of(Map.of("keys", store.roles())))
                        .synopsis("List the roles.")
                        .build(),
                PathSpec.path("role/(?<name>" + ROLE_NAME + ")")
                        .fields(RoleInput.fields())
                        .read((req, f) -> Response.of(store.role(f.getString("name")).map(JwtRole::toResponse)
                                .orElseThrow(() -> CofferException.notFound(""))))
                        .update(this::writeRole)
                        .on(Operation.DELETE, (req, f) -> {
                            store.deleteRole(f.getString("name"));
                            return Response.noContent();
                        })
                        .synopsis("What a token must prove for a role, and what the Coffer token it earns may do.")
                        .build());
    }

    private static List<Field> configFields() {
        return List.of(
                Field.of("jwks_url", FieldType.STRING, "JWKS URL of the issuer."),
                Field.of("jwks_ca_pem", FieldType.STRING, "CA certificates (PEM) to trust for jwks_url."),
                Field.of("jwt_validation_pubkeys", FieldType.STRING_LIST, "PEM public keys that sign tokens."),
                Field.of("oidc_discovery_url", FieldType.STRING, "Issuer URL with /.well-known/openid-configuration."),
                Field.of("oidc_discovery_ca_pem", FieldType.STRING, "CA certificates (PEM) to trust for discovery."),
                Field.of("bound_issuer", FieldType.STRING, "The iss every token must carry."),
                Field.of("default_role", FieldType.STRING, "Role used when a login names none."),
                Field.of("jwt_supported_algs", FieldType.STRING_LIST, "Accepted algorithms (default: all asymmetric)."),
                Field.of("oidc_client_id", FieldType.STRING, "OIDC browser flow only: not supported."),
                Field.of("oidc_client_secret", FieldType.STRING, "OIDC browser flow only: not supported.").asSensitive(),
                Field.of("oidc_response_mode", FieldType.STRING, "OIDC only; accepted and ignored."),
                Field.of("oidc_response_types", FieldType.STRING_LIST, "OIDC only; accepted and ignored."),
                Field.of("provider_config", FieldType.MAP, "OIDC only; accepted and ignored."),
                Field.of("namespace_in_state", FieldType.BOOL, "OIDC only; accepted and ignored."));
    }

    private Response writeConfig(Request req, FieldData f) {
        if ((f.has("oidc_client_id") && !f.getString("oidc_client_id").isBlank())
                || (f.has("oidc_client_secret") && !f.getString("oidc_client_secret").isBlank())) {
            throw JwtErrors.invalid("oidc_client_id and oidc_client_secret are for the browser (OIDC) login flow, "
                    + "which Coffer does not support; configure jwks_url, jwt_validation_pubkeys or oidc_discovery_url");
        }
        JwtConfig config = new JwtConfig(f.getString("jwks_url"), f.getString("jwks_ca_pem"),
                f.getStringList("jwt_validation_pubkeys"), f.getString("oidc_discovery_url"),
                f.getString("oidc_discovery_ca_pem"), f.getString("bound_issuer"), f.getString("default_role"),
                f.getStringList("jwt_supported_algs"));
        config.validate();
        store.putConfig(config, config.keySource(clock, true));
        return Response.noContent();
    }

    private Response writeRole(Request req, FieldData f) {
        String name = f.getString("name");
        JwtRole base = store.role(name).orElse(JwtRole.defaults());
        store.putRole(name, RoleInput.apply(base, f));
        return Response.noContent();
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "jwt";
    }

    /** A token is renewed only while its role exists (as Vault's JWT method). */
    @Override
    public java.util.Optional<String> renewalRefusal(Map<String, String> tokenMetadata) {
        String role = tokenMetadata.getOrDefault("role", "");
        return !role.isEmpty() && store.role(role).isPresent() ? java.util.Optional.empty()
                : java.util.Optional.of("the role of this token no longer exists");
    }
}
