package dev.coffer.engines.kv;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Response;
import dev.coffer.core.storage.Storage;
import java.util.List;
import java.util.Map;

/** KV version 1: the request body is the secret; one value per path, no history. */
final class KvV1Backend implements Backend {
    private final Storage storage;
    private final int maxBytes;
    private final List<PathSpec> paths;

    KvV1Backend(BackendContext ctx, int maxBytes) {
        this.storage = ctx.storage();
        this.maxBytes = maxBytes;
        this.paths = List.of(PathSpec.path("(?<path>.*)")
                .field(Field.of("path", FieldType.STRING, "Location of the secret."))
                .anyFields()
                .read((req, f) -> {
                    String p = KvPaths.secret(f.getString("path"));
                    return storage.get(p).map(b -> Response.of(KvJson.decodeMap(b)))
                            .orElseThrow(() -> CofferException.notFound(""));
                })
                .update((req, f) -> {
                    String p = KvPaths.secret(f.getString("path"));
                    Map<String, Object> data = new java.util.LinkedHashMap<>(req.data());
                    if (data.isEmpty()) {
                        throw CofferException.invalid("no data provided");
                    }
                    storage.put(p, KvJson.encodeSecret(data, maxBytes));
                    return Response.noContent();
                })
                .on(Operation.DELETE, (req, f) -> {
                    storage.delete(KvPaths.secret(f.getString("path")));
                    return Response.noContent();
                })
                .on(Operation.LIST, (req, f) -> KvPaths.listResponse(storage.list(KvPaths.folder(f.getString("path")))))
                .synopsis("Read, write, delete or list secrets (KV version 1).")
                .build());
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "kv";
    }
}
