package dev.coffer.engines;

import dev.coffer.core.logical.BackendFactory;
import dev.coffer.engines.cubbyhole.CubbyholeFactory;
import dev.coffer.engines.kv.KvFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The secrets engines built into Coffer, by mount type. */
public final class Engines {
    private Engines() {}

    public static Map<String, BackendFactory> builtin() {
        Map<String, BackendFactory> m = new LinkedHashMap<>();
        for (BackendFactory f : List.of(new KvFactory(), new CubbyholeFactory())) {
            m.put(f.type(), f);
        }
        return Map.copyOf(m);
    }
}
