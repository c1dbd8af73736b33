package dev.coffer.core.logical;

import java.util.List;

/**
 * A secrets engine, an auth method or {@code sys/} itself: a table of paths. The framework
 * ({@link PathRouter}) matches a request to a row, validates its fields and calls the handler.
 */
public interface Backend {
    List<PathSpec> paths();

    /** The mount type shown in responses ({@code system}, {@code kv}, ...). */
    String type();

    /**
     * Auth methods: asked before a token this method issued is renewed, with the metadata the
     * login gave it. A reason to refuse (the user, role or certificate entry is gone) stops the
     * renewal, as Vault's methods do; empty lets it proceed.
     */
    default java.util.Optional<String> renewalRefusal(java.util.Map<String, String> tokenMetadata) {
        return java.util.Optional.empty();
    }
}
