package dev.coffer.core.sys;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.token.TokenEntry;
import dev.coffer.core.wrapping.ResponseWrapper;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** {@code sys/wrapping/wrap|unwrap|lookup|rewrap}. */
final class WrappingPaths {
    private WrappingPaths() {}

    static List<PathSpec> paths(Supplier<ResponseWrapper> wrapper) {
        Field token = Field.of("token", FieldType.STRING, "The wrapping token (default: the calling token).").asSensitive();
        return List.of(
                PathSpec.path("wrapping/wrap").anyFields()
                        .update((req, f) -> {
                            if (req.data().isEmpty()) {
                                throw CofferException.invalid("empty request body: nothing to wrap");
                            }
                            Duration ttl = req.wrapTtl().isZero() ? Duration.ofMinutes(5) : req.wrapTtl();
                            return get(wrapper).wrap(Response.of(req.data()), ttl, "sys/wrapping/wrap");
                        })
                        .synopsis("Wrap the request's data in a single-use token.").build(),
                PathSpec.path("wrapping/unwrap").field(token)
                        .update((req, f) -> get(wrapper).unwrap(target(wrapper, req, f)))
                        .synopsis("Return a wrapped response; the wrapping token is then spent.").build(),
                PathSpec.path("wrapping/lookup").field(token)
                        .update((req, f) -> Response.of(get(wrapper).lookup(target(wrapper, req, f))))
                        .read((req, f) -> Response.of(get(wrapper).lookup(target(wrapper, req, f))))
                        .synopsis("Where and when a wrapping token was made, without spending it.").build(),
                PathSpec.path("wrapping/rewrap").field(token)
                        .update((req, f) -> get(wrapper).rewrap(target(wrapper, req, f)))
                        .synopsis("Move a wrapped response to a new wrapping token.").build());
    }

    private static ResponseWrapper get(Supplier<ResponseWrapper> w) {
        ResponseWrapper r = w.get();
        if (r == null) {
            throw CofferException.sealed();
        }
        return r;
    }

    /** The token named in the body, else the calling token itself (which must then be a wrapping token). */
    private static TokenEntry target(Supplier<ResponseWrapper> w, Request req, FieldData f) {
        if (f.has("token") && !f.getString("token").isEmpty()) {
            return get(w).wrappingToken(f.getString("token"));
        }
        TokenEntry self = req.token();
        if (self == null || !self.policies().equals(List.of(ResponseWrapper.POLICY))) {
            throw CofferException.invalid("no wrapping token given: send it as 'token' or as the request's token");
        }
        return self;
    }
}
