package dev.coffer.engines.kv;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;
import java.util.Set;

/**
 * The {@code kv} engine: version 1 (one value per path) or 2 (versioned), chosen by the mount's
 * {@code version} option as in Vault. {@code max_secret_bytes} caps one secret's JSON size
 * (default 1 MiB).
 */
public final class KvFactory implements BackendFactory {
    static final int DEFAULT_MAX_SECRET_BYTES = 1024 * 1024;

    @Override
    public String type() {
        return "kv";
    }

    @Override
    public Set<String> options() {
        return Set.of("version", "max_secret_bytes");
    }

    @Override
    public Backend create(BackendContext ctx) {
        int max = DEFAULT_MAX_SECRET_BYTES;
        String m = ctx.options().get("max_secret_bytes");
        if (m != null) {
            try {
                max = Integer.parseInt(m);
            } catch (NumberFormatException e) {
                throw CofferException.invalid("option 'max_secret_bytes' must be a number of bytes");
            }
            if (max < 1) {
                throw CofferException.invalid("option 'max_secret_bytes' must be positive");
            }
        }
        return "2".equals(ctx.options().get("version")) ? new KvV2Backend(ctx, max) : new KvV1Backend(ctx, max);
    }
}
