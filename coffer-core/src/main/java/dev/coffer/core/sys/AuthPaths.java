package dev.coffer.core.sys;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import dev.coffer.core.mount.MountTable;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code sys/auth}: list, enable, read, disable and tune auth methods (Vault's paths and shapes;
 * enabling and disabling need {@code sudo}, as in Vault). Disabling revokes every token the
 * method issued.
 */
final class AuthPaths {
    private AuthPaths() {}

    static List<PathSpec> paths(MountTable auth, MountPaths.BuiltinMounts builtins, Consumer<String> disable) {
        return List.of(
                PathSpec.path("auth")
                        .read((req, f) -> Response.of(MountPaths.listAll(auth, builtins)))
                        .synopsis("List the enabled auth methods.")
                        .build(),
                PathSpec.path("auth/(?<path>.+)/tune")
                        .field(Field.of("path", FieldType.STRING, "Where the auth method is enabled."))
                        .fields(MountPaths.tuneFields())
                        .read((req, f) -> Response.of(MountPaths.tuneView(MountPaths.require(auth, f.getString("path")))))
                        .update((req, f) -> {
                            auth.tune(f.getString("path"), f.getString("description"),
                                    MountPaths.seconds(f, "default_lease_ttl"), MountPaths.seconds(f, "max_lease_ttl"),
                                    MountPaths.stringMap(f, "options"));
                            return Response.noContent();
                        })
                        .synopsis("Read or change an auth method's token TTLs and description.")
                        .build(),
                PathSpec.path("auth/(?<path>.+)")
                        .field(Field.of("path", FieldType.STRING, "Where to enable the method, under auth/."))
                        .field(Field.of("type", FieldType.STRING, "Method type: jwt, approle, cert, userpass, ..."))
                        .field(Field.of("description", FieldType.STRING, "Human-friendly description."))
                        .field(Field.of("config", FieldType.MAP, "default_lease_ttl, max_lease_ttl, ..."))
                        .field(Field.of("options", FieldType.MAP, "Method options."))
                        .field(Field.of("local", FieldType.BOOL, "Not replicated (accepted for compatibility)."))
                        .field(Field.of("seal_wrap", FieldType.BOOL, "Accepted for compatibility."))
                        .field(Field.of("external_entropy_access", FieldType.BOOL, "Accepted for compatibility."))
                        .field(Field.of("plugin_name", FieldType.STRING, "Accepted for compatibility."))
                        .field(Field.of("plugin_version", FieldType.STRING, "Accepted for compatibility."))
                        .read((req, f) -> Response.of(MountPaths.describe(MountPaths.require(auth, f.getString("path")))))
                        .update((req, f) -> {
                            if (!f.has("type") || f.getString("type").isBlank()) {
                                throw CofferException.invalid("missing required field 'type'");
                            }
                            if (MountTable.normalise(f.getString("path")).equals("token/")) {
                                throw CofferException.invalid("path is already in use at token/");
                            }
                            Map<String, Object> cfg = MountPaths.config(f);
                            Map<String, String> options = MountPaths.stringMap(f, "options");
                            auth.enable(f.getString("path"), f.getString("type"),
                                    f.has("description") ? f.getString("description") : "",
                                    MountPaths.ttl(cfg, "default_lease_ttl"), MountPaths.ttl(cfg, "max_lease_ttl"),
                                    options == null ? Map.of() : options, f.getBool("local"), f.getBool("seal_wrap"));
                            return Response.noContent();
                        })
                        .on(Operation.DELETE, (req, f) -> {
                            if (MountTable.normalise(f.getString("path")).equals("token/")) {
                                throw CofferException.invalid("token credential backend cannot be disabled");
                            }
                            disable.accept(f.getString("path"));
                            return Response.noContent();
                        })
                        .sudo()
                        .synopsis("Enable, read or disable the auth method at a path under auth/.")
                        .build());
    }
}
