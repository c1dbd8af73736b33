package dev.coffer.engines.cubbyhole;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.storage.Storage;
import java.util.List;
import java.util.Map;

/**
 * {@code cubbyhole/}: a private KV v1 space per token. Each token sees only its own folder
 * ({@code <token-id-hash>/}); the token store deletes the folder when the token is revoked.
 */
public final class CubbyholeFactory implements BackendFactory {
    @Override
    public String type() {
        return "cubbyhole";
    }

    @Override
    public Backend create(BackendContext ctx) {
        return new Cubbyhole(ctx.storage());
    }

    private static final class Cubbyhole implements Backend {
        private final Storage storage;
        private final List<PathSpec> paths;

        Cubbyhole(Storage storage) {
            this.storage = storage;
            this.paths = List.of(PathSpec.path("(?<path>.*)")
                    .field(Field.of("path", FieldType.STRING, "Location of the secret."))
                    .anyFields()
                    .read((req, f) -> storage.get(key(req, f.getString("path")))
                            .map(b -> Response.of(Json.decode(b)))
                            .orElseThrow(() -> CofferException.notFound("")))
                    .update((req, f) -> {
                        if (req.data().isEmpty()) {
                            throw CofferException.invalid("missing data fields");
                        }
                        storage.put(key(req, f.getString("path")), Json.encode(req.data()));
                        return Response.noContent();
                    })
                    .on(Operation.DELETE, (req, f) -> {
                        storage.delete(key(req, f.getString("path")));
                        return Response.noContent();
                    })
                    .on(Operation.LIST, (req, f) -> {
                        List<String> keys = storage.list(folder(req, f.getString("path")));
                        if (keys.isEmpty()) {
                            throw CofferException.notFound("");
                        }
                        return Response.of(Map.of("keys", keys));
                    })
                    .synopsis("Per-token private storage; gone when the token is revoked.")
                    .build());
        }

        private static String root(Request req) {
            if (req.token() == null) {
                throw CofferException.permissionDenied();
            }
            return req.token().id() + "/";
        }

        private static String key(Request req, String path) {
            if (path == null || path.isEmpty() || path.endsWith("/")) {
                throw CofferException.invalid("missing secret path");
            }
            return root(req) + path;
        }

        private static String folder(Request req, String path) {
            if (path == null || path.isEmpty()) {
                return root(req);
            }
            return root(req) + (path.endsWith("/") ? path : path + "/");
        }

        @Override
        public List<PathSpec> paths() {
            return paths;
        }

        @Override
        public String type() {
            return "cubbyhole";
        }
    }

    private static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper M = new com.fasterxml.jackson.databind.ObjectMapper();

        static byte[] encode(Object o) {
            try {
                return M.writeValueAsBytes(o);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> decode(byte[] b) {
            try {
                return M.readValue(b, Map.class);
            } catch (java.io.IOException e) {
                throw new CofferException(CofferException.Kind.INTERNAL, "stored cubbyhole value is unreadable", e);
            }
        }
    }
}
