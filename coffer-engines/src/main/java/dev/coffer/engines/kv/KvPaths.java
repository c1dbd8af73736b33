package dev.coffer.engines.kv;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Response;
import java.util.List;
import java.util.Map;

/** Secret path rules shared by both KV versions. */
final class KvPaths {
    private KvPaths() {}

    /** A secret's path: not empty, no trailing slash, no empty, {@code .} or {@code ..} segment. */
    static String secret(String path) {
        if (path == null || path.isEmpty()) {
            throw CofferException.invalid("missing secret path");
        }
        if (path.endsWith("/")) {
            throw CofferException.invalid("secret path must not end with '/': " + path);
        }
        checkSegments(path);
        return path;
    }

    /** A folder to list: empty (the root) or ending with '/'. */
    static String folder(String path) {
        if (path == null || path.isEmpty()) {
            return "";
        }
        String p = path.endsWith("/") ? path : path + "/";
        checkSegments(p.substring(0, p.length() - 1));
        return p;
    }

    private static void checkSegments(String path) {
        for (String seg : path.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw CofferException.invalid("invalid secret path: empty, '.' and '..' segments are not allowed");
            }
        }
    }

    /** Vault answers an empty listing with 404 and no error text. */
    static Response listResponse(List<String> keys) {
        if (keys.isEmpty()) {
            throw CofferException.notFound("");
        }
        return Response.of(Map.of("keys", keys));
    }
}
