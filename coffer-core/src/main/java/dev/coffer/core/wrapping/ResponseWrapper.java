package dev.coffer.core.wrapping;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.Response;
import dev.coffer.core.logical.WrapInfo;
import dev.coffer.core.storage.Storage;
import dev.coffer.core.token.TokenEntry;
import dev.coffer.core.token.TokenStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Response wrapping: a response is put in the cubbyhole of a new single-use, orphan token with the
 * {@code response-wrapping} policy, and the caller gets only that token. Whoever unwraps it first
 * gets the response; the token (and so the stored response) is then revoked. A CI job can be
 * handed a secret this way without the secret passing through the pipeline's configuration.
 */
public final class ResponseWrapper {
    public static final String POLICY = "response-wrapping";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenStore tokens;
    private final Storage cubbyholes;

    /** @param cubbyholes the cubbyhole engine's storage (token id → folder) */
    public ResponseWrapper(TokenStore tokens, Storage cubbyholes) {
        this.tokens = tokens;
        this.cubbyholes = cubbyholes;
    }

    /** Stores {@code response} and returns the response that stands for it. */
    public Response wrap(Response response, Duration ttl, String creationPath) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw CofferException.invalid("wrap TTL must be positive");
        }
        TokenStore.CreatedToken t = tokens.create(null, new TokenStore.CreateParams(Optional.empty(), List.of(POLICY),
                Map.of(), "wrapping", ttl, ttl, Duration.ZERO, 1, false, "sys/wrapping/wrap", "", List.of()));
        Instant now = tokens.clock().instant();
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("data", response.data());
        stored.put("warnings", response.warnings());
        stored.put("auth", response.auth());
        stored.put("creation_path", creationPath);
        stored.put("creation_time", DateTimeFormatter.ISO_INSTANT.format(now));
        stored.put("creation_ttl", ttl.toSeconds());
        try {
            cubbyholes.put(t.entry().id() + "/response", JSON.writeValueAsBytes(stored));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String wrappedAccessor = response.auth() == null ? "" : response.auth().accessor();
        return Response.ofWrap(new WrapInfo(t.clientToken(), t.entry().accessor(), ttl.toSeconds(), now, creationPath,
                wrappedAccessor));
    }

    /** The wrapping token's entry, or "wrapping token is not valid or does not exist". */
    public TokenEntry wrappingToken(String token) {
        return tokens.lookup(token).filter(e -> e.policies().equals(List.of(POLICY)))
                .orElseThrow(() -> CofferException.invalid("wrapping token is not valid or does not exist"));
    }

    /** Returns the wrapped response and revokes the wrapping token (once: a second unwrap fails). */
    public Response unwrap(TokenEntry wrapping) {
        Map<String, Object> stored = read(wrapping);
        tokens.revokeTree(wrapping.id());
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) stored.get("data");
        @SuppressWarnings("unchecked")
        List<String> warnings = (List<String>) stored.get("warnings");
        Auth auth = stored.get("auth") == null ? null : JSON.convertValue(stored.get("auth"), Auth.class);
        return new Response(0, data, warnings, auth, null);
    }

    /** What {@code sys/wrapping/lookup} shows: no content, only where and when it was made. */
    public Map<String, Object> lookup(TokenEntry wrapping) {
        Map<String, Object> stored = read(wrapping);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("creation_path", stored.get("creation_path"));
        out.put("creation_time", stored.get("creation_time"));
        out.put("creation_ttl", stored.get("creation_ttl"));
        return out;
    }

    /** A new wrapping token for the same response; the old one is revoked. */
    public Response rewrap(TokenEntry wrapping) {
        Map<String, Object> stored = read(wrapping);
        Response inner = unwrap(wrapping);
        return wrap(inner, Duration.ofSeconds(((Number) stored.get("creation_ttl")).longValue()),
                (String) stored.get("creation_path"));
    }

    private Map<String, Object> read(TokenEntry wrapping) {
        byte[] b = cubbyholes.get(wrapping.id() + "/response")
                .orElseThrow(() -> CofferException.invalid("wrapping token is not valid or does not exist"));
        try {
            return JSON.readValue(b, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "stored wrapped response is unreadable", e);
        }
    }
}
