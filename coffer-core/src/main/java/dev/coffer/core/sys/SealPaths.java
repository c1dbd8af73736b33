package dev.coffer.core.sys;

import dev.coffer.core.Core;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import java.util.List;

/** {@code sys/seal}: wipe the keys from memory. Needs sudo. */
final class SealPaths {
    private SealPaths() {}

    static List<PathSpec> paths(Core core) {
        return List.of(PathSpec.path("seal")
                .update((req, f) -> {
                    core.seal();
                    return Response.noContent();
                })
                .sudo()
                .synopsis("Seal the server: forget every key until it is unsealed again.")
                .build());
    }
}
