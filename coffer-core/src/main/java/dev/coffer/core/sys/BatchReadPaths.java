package dev.coffer.core.sys;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * {@code sys/batch-read} (beyond Vault): one round trip reads up to 100 paths, each checked against
 * the token's policies and answered on its own — a denied or missing path is an entry with its
 * status and errors, not a failure of the whole request. Any valid token may call it; it grants
 * nothing the token could not read one path at a time.
 */
final class BatchReadPaths {
    static final int MAX_PATHS = 100;

    private BatchReadPaths() {}

    @SuppressWarnings("unchecked")
    static PathSpec path(BiFunction<Request, List<String>, List<Map<String, Object>>> reader) {
        return PathSpec.path("batch-read")
                .field(Field.of("paths", FieldType.STRING_LIST, "Paths to read (comma-separated in a query)."))
                .anyToken()
                .read((req, f) -> read(reader, req, f.has("paths") ? (List<String>) f.get("paths") : List.of()))
                .update((req, f) -> read(reader, req, f.has("paths") ? (List<String>) f.get("paths") : List.of()))
                .synopsis("Read several secrets in one request.")
                .build();
    }

    private static Response read(BiFunction<Request, List<String>, List<Map<String, Object>>> reader, Request req,
                                 List<String> paths) {
        if (paths.isEmpty()) {
            throw CofferException.invalid("missing required field 'paths'");
        }
        if (paths.size() > MAX_PATHS) {
            throw CofferException.invalid("at most " + MAX_PATHS + " paths per batch, got " + paths.size());
        }
        return Response.of(Map.of("secrets", reader.apply(req, paths)));
    }
}
