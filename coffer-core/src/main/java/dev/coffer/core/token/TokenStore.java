package dev.coffer.core.token;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.storage.Storage;
import dev.coffer.core.storage.StorageOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens by keyed hash. Storage holds {@code core/token/id/<HMAC-SHA256(key, token)>}, never the
 * token: a dump of storage (even decrypted) reveals no usable token. The HMAC key lives in the
 * barrier and is wiped on seal. Look-up by hash means no stored token is ever compared with the
 * presented one byte by byte, so timing says nothing about a token's value.
 *
 * <p>This is the part of the token store the foundation needs (create the root token, look a
 * token up); child tokens, TTLs, renewal and revocation build on it.
 */
public final class TokenStore {
    static final String HMAC_KEY = "core/token/hmac-key";
    static final String ID_PREFIX = "core/token/id/";
    static final String ACCESSOR_PREFIX = "core/token/accessor/";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Storage barrier;
    private final Clock clock;
    private SecretBytes hmacKey;

    private TokenStore(Storage barrier, Clock clock, SecretBytes hmacKey) {
        this.barrier = barrier;
        this.clock = clock;
        this.hmacKey = hmacKey;
    }

    /** First start: makes the HMAC key. */
    public static TokenStore initialize(Storage barrier, Clock clock) {
        SecretBytes key = SecretBytes.random(32);
        barrier.put(HMAC_KEY, key.bytes());
        return new TokenStore(barrier, clock, key);
    }

    /** After unseal: loads the HMAC key. */
    public static TokenStore load(Storage barrier, Clock clock) {
        byte[] key = barrier.get(HMAC_KEY).orElseThrow(() -> new CofferException(
                CofferException.Kind.INTERNAL, "token store key is missing from storage"));
        return new TokenStore(barrier, clock, SecretBytes.wrap(key));
    }

    /** A token the caller must hand to its owner now: the server keeps only its hash. */
    public record CreatedToken(String clientToken, TokenEntry entry) {
        @Override
        public String toString() {
            return "CreatedToken[clientToken=[redacted], accessor=" + entry.accessor() + "]";
        }
    }

    /**
     * Creates a root token: policy {@code root}, no expiry. {@code chosenId} (dev mode's
     * {@code -dev-root-token-id}) may name it; otherwise it is random.
     */
    public CreatedToken createRoot(Optional<String> chosenId) {
        String id = chosenId.orElseGet(TokenIds::newServiceToken);
        if (id.isBlank()) {
            throw CofferException.invalid("root token id must not be empty");
        }
        TokenEntry entry = new TokenEntry(TokenIds.newAccessor(), List.of("root"), "auth/token/root",
                "root", clock.instant(), Duration.ZERO, Map.of(), 0, "service");
        String hash = hash(id);
        barrier.transact(List.of(
                StorageOp.put(ID_PREFIX + hash, toJson(entry)),
                StorageOp.put(ACCESSOR_PREFIX + hash(entry.accessor()), hash.getBytes(StandardCharsets.US_ASCII))));
        return new CreatedToken(id, entry);
    }

    /** The entry of a live token, or empty for an unknown, malformed or expired one. */
    public Optional<TokenEntry> lookup(String clientToken) {
        if (clientToken == null || clientToken.isEmpty() || clientToken.length() > 512) {
            return Optional.empty();
        }
        if (clientToken.startsWith(TokenIds.SERVICE_PREFIX) && !TokenIds.isWellFormedServiceToken(clientToken)) {
            return Optional.empty();
        }
        Optional<TokenEntry> entry = barrier.get(ID_PREFIX + hash(clientToken)).map(TokenStore::fromJson);
        return entry.filter(e -> e.ttl().isZero()
                || e.creationTime().plus(e.ttl()).isAfter(clock.instant()));
    }

    String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] k = hmacKey.bytes();
            mac.init(new SecretKeySpec(k, "HmacSHA256"));
            java.util.Arrays.fill(k, (byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Wipes the HMAC key; the store is unusable afterwards. */
    public void close() {
        hmacKey.destroy();
    }

    private static byte[] toJson(TokenEntry e) {
        try {
            return JSON.writeValueAsBytes(e);
        } catch (IOException ex) {
            throw new IllegalStateException("cannot encode token entry", ex);
        }
    }

    private static TokenEntry fromJson(byte[] b) {
        try {
            return JSON.readValue(b, TokenEntry.class);
        } catch (IOException ex) {
            throw new CofferException(CofferException.Kind.INTERNAL, "stored token entry is unreadable", ex);
        }
    }
}
