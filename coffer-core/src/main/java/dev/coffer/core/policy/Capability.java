package dev.coffer.core.policy;

import dev.coffer.core.logical.Operation;
import java.util.Locale;
import java.util.Optional;

/**
 * What a path rule grants. The names in a policy are the lowercase constant names
 * ({@code "read"}, {@code "sudo"}...), exactly as Vault spells them.
 *
 * <p>{@link #DENY} overrides every other capability of the same pattern, in every policy.
 * {@link #SUDO} is needed in addition to the operation's own capability on root-protected paths.
 * {@link #SUBSCRIBE} and {@link #RECOVER} are accepted for compatibility with Vault policies; no
 * Coffer operation needs them yet.
 */
public enum Capability {
    CREATE, READ, UPDATE, PATCH, DELETE, LIST, SUDO, DENY, SUBSCRIBE, RECOVER;

    private final String hclName = name().toLowerCase(Locale.ROOT);

    /** The name used in policy text, e.g. {@code "read"}. */
    public String hclName() {
        return hclName;
    }

    /** The capability spelled {@code name} in policy text; names are case-sensitive. */
    public static Optional<Capability> fromHclName(String name) {
        for (Capability c : values()) {
            if (c.hclName.equals(name)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The capability an operation needs. */
    public static Capability of(Operation operation) {
        return switch (operation) {
            case READ -> READ;
            case CREATE -> CREATE;
            case UPDATE -> UPDATE;
            case PATCH -> PATCH;
            case DELETE -> DELETE;
            case LIST -> LIST;
        };
    }
}
