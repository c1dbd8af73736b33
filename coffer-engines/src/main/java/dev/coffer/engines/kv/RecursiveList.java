package dev.coffer.engines.kv;

import dev.coffer.core.logical.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Recursive listing of a KV folder, a page at a time (beyond Vault, which lists one level): keys
 * are full paths relative to the folder, in depth-first sorted order; {@code next} is the cursor
 * for the following page. Walks only as far as the page needs.
 */
final class RecursiveList {
    private RecursiveList() {}

    static Response page(Function<String, List<String>> lister, String folder, String after, int pageSize) {
        List<String> keys = new ArrayList<>();
        boolean[] more = {false};
        walk(lister, folder, "", after, pageSize, keys, more);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("keys", keys);
        if (more[0]) {
            out.put("next", keys.get(keys.size() - 1));
        }
        if (keys.isEmpty()) {
            throw dev.coffer.core.CofferException.notFound("");
        }
        return Response.of(out);
    }

    /** Returns false once the page is full. */
    private static boolean walk(Function<String, List<String>> lister, String folder, String rel, String after,
                                int pageSize, List<String> keys, boolean[] more) {
        for (String name : lister.apply(folder + rel)) {
            String path = rel + name;
            if (name.endsWith("/")) {
                // Skip a whole subtree that sorts before the cursor and does not contain it.
                if (!after.isEmpty() && path.compareTo(after) < 0 && !after.startsWith(path)) {
                    continue;
                }
                if (!walk(lister, folder, path, after, pageSize, keys, more)) {
                    return false;
                }
            } else if (after.isEmpty() || path.compareTo(after) > 0) {
                if (keys.size() == pageSize) {
                    more[0] = true;
                    return false;
                }
                keys.add(path);
            }
        }
        return true;
    }
}
