package dev.coffer.core.logical;

import dev.coffer.core.CofferException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The framework's dispatch inside one backend: first path row whose pattern matches the whole
 * relative path wins; named groups of the pattern become fields; the operation must be declared.
 */
public final class PathRouter {
    private PathRouter() {}

    /** The row matching {@code path}, or null. */
    public static PathSpec find(Backend backend, String path) {
        for (PathSpec spec : backend.paths()) {
            if (spec.match(path) != null) {
                return spec;
            }
        }
        return null;
    }

    public static Response dispatch(Backend backend, Request request) {
        for (PathSpec spec : backend.paths()) {
            Matcher m = spec.match(request.path());
            if (m == null) {
                continue;
            }
            Handler h = spec.operations().get(request.operation());
            if (h == null && request.operation() == Operation.CREATE) {
                h = spec.operations().get(Operation.UPDATE);
            }
            if (h == null) {
                throw CofferException.unsupported("unsupported operation");
            }
            Map<String, String> fromPath = new LinkedHashMap<>();
            for (String field : spec.pathFields()) {
                if (spec.fields().containsKey(field)) {
                    String v = m.group(PathSpec.groupName(field));
                    if (v != null) {
                        fromPath.put(field, v);
                    }
                }
            }
            return h.handle(request, FieldData.validate(spec.fields(), request.data(), fromPath, spec.anyFields()));
        }
        throw CofferException.notFound("unsupported path");
    }
}
