package dev.coffer.core.sys;

import dev.coffer.core.Core;
import dev.coffer.core.barrier.KeyStatus;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code sys/rotate} and {@code sys/key-status}: the barrier's keyring. */
final class KeyringPaths {
    private KeyringPaths() {}

    static List<PathSpec> paths(Core core) {
        return List.of(
                PathSpec.path("rotate")
                        .update((req, f) -> {
                            core.rotate();
                            return Response.noContent();
                        })
                        .sudo()
                        .synopsis("Add a new barrier key term; new writes use it, old terms still decrypt.")
                        .build(),
                PathSpec.path("key-status")
                        .read((req, f) -> Response.of(describe(core.keyStatus())))
                        .synopsis("The barrier's active key term and when it was installed.")
                        .build());
    }

    static Map<String, Object> describe(KeyStatus s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("term", s.term());
        m.put("install_time", DateTimeFormatter.ISO_INSTANT.format(s.installTime()));
        m.put("terms", s.terms());
        return m;
    }
}
