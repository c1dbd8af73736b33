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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens by keyed hash. Storage holds {@code core/token/id/<HMAC-SHA256(key, token)>}, never the
 * token: a dump of storage (even decrypted) reveals no usable token. The HMAC key lives in the
 * barrier and is wiped on seal. Look-up is by hash, so no stored token is ever compared with the
 * presented one byte by byte and timing says nothing about a token's value.
 *
 * <p>Also kept: {@code core/token/accessor/<accessor>} → id, and {@code core/token/parent/<parent
 * id>/<child id>} so that revoking a token revokes its whole subtree. Expired tokens are refused at
 * look-up and revoked then.
 */
public final class TokenStore {
    public static final Duration SYSTEM_DEFAULT_TTL = Duration.ofHours(768);
    public static final Duration SYSTEM_MAX_TTL = Duration.ofHours(768);

    static final String HMAC_KEY = "core/token/hmac-key";
    static final String ID_PREFIX = "core/token/id/";
    static final String ACCESSOR_PREFIX = "core/token/accessor/";
    static final String PARENT_PREFIX = "core/token/parent/";
    static final String ROLE_PREFIX = "core/token/role/";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Bound of the decoded-entry cache; past it the cache starts over. */
    private static final int CACHE_LIMIT = 100_000;

    private final Storage barrier;
    private final Clock clock;
    private final SecretBytes hmacKey;
    /** Keyed once per unseal; each hash uses a clone (a fresh Mac per request cost more). Dropped on close. */
    private volatile Mac hmacPrototype;
    /**
     * Decoded entries by id: every request looks its token up, and decrypting and parsing the entry
     * each time dominated a KV read. Entries hold no secret. This store is the only writer of
     * token entries, and every write below updates or drops the cached one.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, TokenEntry> cache = new java.util.concurrent.ConcurrentHashMap<>();
    /** Counts writes of token entries; see {@link #written}. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
    private volatile Consumer<TokenEntry> onRevoke = t -> { };

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

    /** Called for every revoked token (the core clears its cubbyhole and, later, its leases). */
    private volatile java.util.function.Function<TokenEntry, java.util.Optional<String>> renewalCheck =
            e -> java.util.Optional.empty();

    /** Asked before every renewal; a reason refuses it (a login token whose user or role is gone). */
    public void onRenew(java.util.function.Function<TokenEntry, java.util.Optional<String>> check) {
        this.renewalCheck = check;
    }

    public void onRevoke(Consumer<TokenEntry> hook) {
        this.onRevoke = hook;
    }

    /** A token the caller must hand to its owner now: the server keeps only its hash. */
    public record CreatedToken(String clientToken, TokenEntry entry) {
        @Override
        public String toString() {
            return "CreatedToken[clientToken=[redacted], accessor=" + entry.accessor() + "]";
        }
    }

    /** What a new token gets. Durations of zero mean "not set". */
    public record CreateParams(Optional<String> chosenId, List<String> policies, Map<String, String> meta,
                               String displayName, Duration ttl, Duration explicitMaxTtl, Duration period,
                               int numUses, boolean renewable, String path, String role, List<String> boundCidrs,
                               Map<String, String> claims) {
        /** Without identity claims: every token but a login's. */
        public CreateParams(Optional<String> chosenId, List<String> policies, Map<String, String> meta,
                            String displayName, Duration ttl, Duration explicitMaxTtl, Duration period,
                            int numUses, boolean renewable, String path, String role, List<String> boundCidrs) {
            this(chosenId, policies, meta, displayName, ttl, explicitMaxTtl, period, numUses, renewable, path, role,
                    boundCidrs, Map.of());
        }

        @Override
        public String toString() {
            return "CreateParams[policies=" + policies + ", path=" + path + "]";
        }
    }

    /**
     * Creates the initial root token: policy {@code root}, no expiry. {@code chosenId} (dev mode's
     * {@code -dev-root-token-id}) may name it; otherwise it is random.
     */
    public CreatedToken createRoot(Optional<String> chosenId) {
        String id = chosenId.orElseGet(TokenIds::newServiceToken);
        checkChosenId(id);
        Instant now = clock.instant();
        TokenEntry entry = new TokenEntry(hash(id), TokenIds.newAccessor(), "", List.of("root"), "auth/token/root",
                "root", Map.of(), now, null, null, Duration.ZERO, Duration.ZERO, Duration.ZERO, 0, false, "",
                List.of(), "service", Map.of());
        store(entry, List.of());
        return new CreatedToken(id, entry);
    }

    private static void checkChosenId(String id) {
        if (id.isBlank() || id.length() > 256 || !id.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw CofferException.invalid("token id must be 1 to 256 printable ASCII characters without spaces");
        }
    }

    /**
     * Creates a token under {@code parent} (null for an orphan). The TTL is capped by the explicit
     * maximum and the system maximum; periodic tokens have no ceiling but their explicit maximum.
     * Every token made here expires.
     */
    public CreatedToken create(TokenEntry parent, CreateParams p) {
        String id = p.chosenId().orElseGet(TokenIds::newServiceToken);
        checkChosenId(id);
        String hashed = hash(id);
        if (barrier.get(ID_PREFIX + hashed).isPresent()) {
            throw CofferException.invalid("cannot create a token with a duplicate id");
        }
        Instant now = clock.instant();
        Instant ceiling = !p.explicitMaxTtl().isZero() ? now.plus(p.explicitMaxTtl())
                : p.period().isZero() ? now.plus(SYSTEM_MAX_TTL) : null;
        Duration ttl = !p.period().isZero() ? p.period() : p.ttl().isZero() ? SYSTEM_DEFAULT_TTL : p.ttl();
        Instant expire = now.plus(ttl);
        if (ceiling != null && expire.isAfter(ceiling)) {
            expire = ceiling;
            ttl = Duration.between(now, ceiling);
        }
        if (ttl.isZero() || ttl.isNegative()) {
            throw CofferException.invalid("token TTL must be positive");
        }
        TokenEntry entry = new TokenEntry(hashed, TokenIds.newAccessor(), parent == null ? "" : parent.id(),
                sorted(p.policies()), p.path(), p.displayName(), p.meta(), now, expire, ceiling, ttl,
                p.explicitMaxTtl(), p.period(), p.numUses(), p.renewable(), p.role(), p.boundCidrs(), "service", p.claims());
        List<StorageOp> extra = new ArrayList<>();
        if (parent != null) {
            extra.add(StorageOp.put(PARENT_PREFIX + parent.id() + "/" + hashed, new byte[0]));
        }
        store(entry, extra);
        return new CreatedToken(id, entry);
    }

    private static List<String> sorted(List<String> policies) {
        return policies.stream().distinct().sorted().toList();
    }

    private void store(TokenEntry entry, List<StorageOp> extra) {
        List<StorageOp> ops = new ArrayList<>(extra);
        ops.add(StorageOp.put(ID_PREFIX + entry.id(), toJson(entry)));
        ops.add(StorageOp.put(ACCESSOR_PREFIX + entry.accessor(), entry.id().getBytes(StandardCharsets.US_ASCII)));
        barrier.transact(ops);
        written(entry.id());
    }

    /** Writes an updated entry through to storage and the cache. */
    private void update(TokenEntry entry) {
        barrier.put(ID_PREFIX + entry.id(), toJson(entry));
        written(entry.id());
    }

    /**
     * After every write of an entry: count the write, then drop the cached copy. A look-up that
     * read the old value before the write either put it in the cache before this drop, or sees the
     * count changed and drops it itself — a revoked token never stays cached.
     */
    private void written(String id) {
        writes.incrementAndGet();
        cache.remove(id);
    }

    private Optional<TokenEntry> load(String id) {
        TokenEntry cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = writes.get();
        Optional<TokenEntry> loaded = barrier.get(ID_PREFIX + id).map(TokenStore::fromJson);
        loaded.ifPresent(e -> {
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(id, e);
            if (writes.get() != before) {
                cache.remove(id);
            }
        });
        return loaded;
    }

    /** The entry of a live token, or empty for an unknown, malformed or expired one (which is then revoked). */
    public Optional<TokenEntry> lookup(String clientToken) {
        if (clientToken == null || clientToken.isEmpty() || clientToken.length() > 512) {
            return Optional.empty();
        }
        if (clientToken.startsWith(TokenIds.SERVICE_PREFIX) && !TokenIds.isWellFormedServiceToken(clientToken)) {
            return Optional.empty();
        }
        return byId(hash(clientToken));
    }

    /** By hashed id (internal). */
    public Optional<TokenEntry> byId(String id) {
        Optional<TokenEntry> entry = load(id);
        if (entry.isPresent() && entry.get().isExpiredAt(clock.instant())) {
            revokeTree(entry.get().id());
            return Optional.empty();
        }
        // A limited-use token whose last use is being served is marked -1 until it is revoked.
        return entry.filter(e -> e.numUses() >= 0);
    }

    public Optional<TokenEntry> byAccessor(String accessor) {
        if (accessor == null || accessor.isEmpty() || accessor.contains("/")) {
            return Optional.empty();
        }
        return barrier.get(ACCESSOR_PREFIX + accessor)
                .flatMap(id -> byId(new String(id, StandardCharsets.US_ASCII)));
    }

    public List<String> accessors() {
        return barrier.list(ACCESSOR_PREFIX);
    }

    /** A token after one use is counted; {@code last}: revoke it once the request is served. */
    public record Use(TokenEntry entry, boolean last) {}

    /** Counts one use of a limited-use token (unlimited tokens pass through unchanged, without a lock). */
    public Use use(TokenEntry entry) {
        if (entry.numUses() == 0) {
            return new Use(entry, false);
        }
        return useLimited(entry);
    }

    private synchronized Use useLimited(TokenEntry entry) {
        TokenEntry current = load(entry.id()).orElseThrow(CofferException::permissionDenied);
        if (current.numUses() == 0) {
            throw CofferException.permissionDenied();
        }
        int left = current.numUses() - 1;
        if (left == 0) {
            // Mark it used up (-1): concurrent requests are refused until it is revoked.
            update(current.withNumUses(-1));
            return new Use(current.withNumUses(0), true);
        }
        TokenEntry updated = current.withNumUses(left);
        update(updated);
        return new Use(updated, false);
    }

    /**
     * Renews: a periodic token by its period, others by {@code increment} (or their TTL), never past
     * their ceiling. Returns the updated entry; {@code capped} tells whether the ceiling cut it short.
     */
    public record Renewal(TokenEntry entry, Duration granted, boolean capped) {}

    public Renewal renew(TokenEntry entry, Duration increment) {
        if (entry.expireTime() == null) {
            return new Renewal(entry, Duration.ZERO, false);
        }
        if (!entry.renewable()) {
            throw CofferException.invalid("lease is not renewable");
        }
        java.util.Optional<String> refusal = renewalCheck.apply(entry);
        if (refusal.isPresent()) {
            throw CofferException.invalid(refusal.get());
        }
        Instant now = clock.instant();
        Duration by = !entry.period().isZero() ? entry.period()
                : increment == null || increment.isZero() ? entry.ttl() : increment;
        Instant expire = now.plus(by);
        boolean capped = false;
        if (entry.maxExpireTime() != null && expire.isAfter(entry.maxExpireTime())) {
            expire = entry.maxExpireTime();
            capped = true;
        }
        if (!expire.isAfter(now)) {
            throw CofferException.invalid("past the max TTL, cannot renew");
        }
        TokenEntry renewed = entry.withExpiry(expire);
        update(renewed);
        return new Renewal(renewed, Duration.between(now, expire), capped);
    }

    /** Revokes a token and every token created under it. */
    public void revokeTree(String id) {
        Deque<String> pending = new ArrayDeque<>();
        List<String> order = new ArrayList<>();
        pending.push(id);
        while (!pending.isEmpty()) {
            String next = pending.pop();
            order.add(next);
            for (String child : barrier.list(PARENT_PREFIX + next + "/")) {
                pending.push(child);
            }
        }
        // Children first, so that a failure half-way never leaves a child whose parent is gone.
        for (int i = order.size() - 1; i >= 0; i--) {
            revokeOne(order.get(i));
        }
    }

    /** Revokes every token (and its subtree) created at a path under {@code prefix}: a disabled auth method's tokens. */
    public int revokeByPathPrefix(String prefix) {
        int n = 0;
        for (String accessor : accessors()) {
            Optional<String> id = barrier.get(ACCESSOR_PREFIX + accessor).map(b -> new String(b, StandardCharsets.US_ASCII));
            Optional<TokenEntry> e = id.flatMap(this::load);
            if (e.isPresent() && e.get().path().startsWith(prefix)) {
                revokeTree(e.get().id());
                n++;
            }
        }
        return n;
    }

    /** Revokes only this token; its children become orphans. */
    public void revokeOrphan(String id) {
        for (String child : barrier.list(PARENT_PREFIX + id + "/")) {
            load(child).ifPresent(c -> {
                barrier.transact(List.of(
                        StorageOp.put(ID_PREFIX + child, toJson(c.withParent(""))),
                        StorageOp.delete(PARENT_PREFIX + id + "/" + child)));
                written(child);
            });
        }
        revokeOne(id);
    }

    private void revokeOne(String id) {
        Optional<TokenEntry> entry = load(id);
        if (entry.isEmpty()) {
            return;
        }
        TokenEntry e = entry.get();
        onRevoke.accept(e);
        List<StorageOp> ops = new ArrayList<>();
        ops.add(StorageOp.delete(ID_PREFIX + id));
        ops.add(StorageOp.delete(ACCESSOR_PREFIX + e.accessor()));
        if (!e.parent().isEmpty()) {
            ops.add(StorageOp.delete(PARENT_PREFIX + e.parent() + "/" + id));
        }
        barrier.transact(ops);
        written(id);
    }

    // ---- roles ----------------------------------------------------------------------------

    public Optional<TokenRole> role(String name) {
        return barrier.get(ROLE_PREFIX + name).map(b -> {
            try {
                return JSON.readValue(b, TokenRole.class);
            } catch (IOException e) {
                throw new CofferException(CofferException.Kind.INTERNAL, "stored token role is unreadable", e);
            }
        });
    }

    public void putRole(TokenRole role) {
        try {
            barrier.put(ROLE_PREFIX + role.name(), JSON.writeValueAsBytes(role));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void deleteRole(String name) {
        barrier.delete(ROLE_PREFIX + name);
    }

    public List<String> roles() {
        return barrier.list(ROLE_PREFIX);
    }

    // ---- hashing --------------------------------------------------------------------------

    /** HMAC-SHA256 of a token under the store's key, hex. */
    public String hash(String value) {
        try {
            Mac proto = hmacPrototype;
            if (proto == null) {
                proto = Mac.getInstance("HmacSHA256");
                byte[] k = hmacKey.bytes();
                proto.init(new SecretKeySpec(k, "HmacSHA256"));
                java.util.Arrays.fill(k, (byte) 0);
                hmacPrototype = proto;
            }
            Mac mac = (Mac) proto.clone();
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Wipes the HMAC key; the store is unusable afterwards. */
    public void close() {
        hmacPrototype = null;
        hmacKey.destroy();
        cache.clear();
    }

    public Clock clock() {
        return clock;
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
