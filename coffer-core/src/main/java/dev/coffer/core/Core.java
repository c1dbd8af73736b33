package dev.coffer.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.audit.AuditBroker;
import dev.coffer.core.audit.AuditRecord;
import dev.coffer.core.barrier.AesGcmBarrier;
import dev.coffer.core.barrier.Barrier;
import dev.coffer.core.barrier.KeyStatus;
import dev.coffer.core.crypto.Aead;
import dev.coffer.core.crypto.Random;
import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;
import dev.coffer.core.logical.Cidr;
import dev.coffer.core.login.LoginLockouts;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathRouter;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.mount.MountEntry;
import dev.coffer.core.mount.MountTable;
import dev.coffer.core.policy.Acl;
import dev.coffer.core.policy.Capability;
import dev.coffer.core.policy.Decision;
import dev.coffer.core.policy.PathNormalizer;
import dev.coffer.core.policy.PolicyStore;
import dev.coffer.core.router.Router;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.seal.SealStatus;
import dev.coffer.core.seal.Shamir;
import dev.coffer.core.seal.UnsealKeys;
import dev.coffer.core.storage.Storage;
import dev.coffer.core.storage.StorageOp;
import dev.coffer.core.storage.StorageView;
import dev.coffer.core.sys.SysBackend;
import dev.coffer.core.token.TokenBackend;
import dev.coffer.core.token.TokenEntry;
import dev.coffer.core.token.TokenStore;
import dev.coffer.core.wrapping.ResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the managers together: seal state, barrier, token store, router. The only caller of
 * {@link Router}. The HTTP layer calls the unauthenticated operations (init, unseal, seal status)
 * directly and everything else through {@link #handle}.
 *
 * <p>Raw (unencrypted by the barrier) keys: {@code raw/seal-config} (the share counts, plain
 * JSON), {@code raw/root-key} (the root key, AES-GCM sealed under the unseal key) and the keyring.
 * The seal configuration is written last at init: its presence is what "initialised" means.
 */
public final class Core implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Core.class);
    static final String SEAL_CONFIG_KEY = Barrier.RAW_PREFIX + "seal-config";
    static final String ROOT_KEY_KEY = Barrier.RAW_PREFIX + "root-key";
    static final String CLUSTER_KEY = "core/cluster";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Storage physical;
    private final Barrier barrier;
    private final Clock clock;
    private final Router router = new Router();
    private final Object stateLock = new Object();
    private final Map<String, BackendFactory> engines;
    private final MountTable mounts;
    private final MountTable authMounts;
    private final LoginLockouts lockouts;
    private final java.util.concurrent.atomic.AtomicLong auditRefusals = new java.util.concurrent.atomic.AtomicLong();

    private volatile TokenStore tokens;
    private volatile PolicyStore policies;
    private volatile ResponseWrapper wrapper;
    private volatile AuditBroker audit;
    private volatile Map<String, String> cluster;
    private final List<SecretBytes> unsealShares = new ArrayList<>();
    private String unsealNonce = "";

    /** A core with no secrets engines: for tests of the core itself. */
    public Core(Storage physical, Clock clock) {
        this(physical, clock, Map.of());
    }

    /** @param engines the secrets engines that can be mounted, by type ({@code kv}, {@code cubbyhole}, ...) */
    public Core(Storage physical, Clock clock, Map<String, BackendFactory> engines) {
        this(physical, clock, engines, Map.of());
    }

    /**
     * @param engines     the secrets engines that can be mounted, by type ({@code kv}, {@code cubbyhole}, ...)
     * @param authMethods the auth methods that can be enabled under {@code auth/}, by type ({@code jwt}, ...)
     */
    public Core(Storage physical, Clock clock, Map<String, BackendFactory> engines, Map<String, BackendFactory> authMethods) {
        this.physical = physical;
        this.clock = clock;
        this.barrier = new AesGcmBarrier(physical, clock);
        this.engines = Map.copyOf(engines);
        this.mounts = new MountTable(barrier, clock, router, engines);
        this.lockouts = new LoginLockouts(clock);
        this.authMounts = new MountTable(MountTable.Kind.AUTH, barrier, clock, router, authMethods,
                e -> () -> lockouts.forMount(e.accessor()));
        router.mount(new Router.Mount("sys/", "system", "system", new SysBackend(this, mounts, this::builtinMounts,
                new SysBackend.Access() {
                    @Override
                    public Optional<TokenEntry> byToken(String token) {
                        return requireTokens().lookup(token);
                    }

                    @Override
                    public Optional<TokenEntry> byAccessor(String accessor) {
                        return requireTokens().byAccessor(accessor);
                    }

                    @Override
                    public PolicyStore policies() {
                        return policies;
                    }

                    @Override
                    public ResponseWrapper wrapper() {
                        return wrapper;
                    }

                    @Override
                    public AuditBroker audit() {
                        return audit;
                    }

                    @Override
                    public List<Map<String, Object>> batchRead(Request request, List<String> paths) {
                        return Core.this.batchRead(request, paths);
                    }

                    @Override
                    public MountTable authMounts() {
                        return authMounts;
                    }

                    @Override
                    public List<MountEntry> builtinAuthMounts() {
                        return List.of(TOKEN_AUTH_MOUNT);
                    }

                    @Override
                    public void disableAuth(String path) {
                        Core.this.disableAuth(path);
                    }

                    @Override
                    public LoginLockouts lockouts() {
                        return lockouts;
                    }
                })));
    }

    private static final MountEntry TOKEN_AUTH_MOUNT = new MountEntry("token/", "token", "token based credentials",
            "token", "auth_token_builtin", 0, 0, Map.of(), false, false);

    /**
     * A login token is renewed only while its auth method still knows the identity (the method is
     * asked with the token's metadata); a token of a method since disabled is not renewed.
     */
    private Optional<String> renewalRefusal(TokenEntry t) {
        String path = t.path();
        if (!path.startsWith("auth/") || path.startsWith(TOKEN_MOUNT)) {
            return Optional.empty();
        }
        Optional<Router.Route> route = router.route(path);
        if (route.isEmpty() || !route.get().mount().path().startsWith("auth/")) {
            return Optional.of("the auth method that issued this token is no longer enabled");
        }
        return route.get().mount().backend().renewalRefusal(t.meta());
    }

    /** Disables an auth method: its tokens are revoked, then its configuration and data deleted. */
    private void disableAuth(String rawPath) {
        MountEntry e = authMounts.get(rawPath);
        if (e == null) {
            return;
        }
        // Unmounted first: no login can mint a token behind the revocation's scan.
        authMounts.disable(rawPath);
        requireTokens().revokeByPathPrefix(authMounts.routePath(e));
        lockouts.forget(e.accessor());
    }

    private List<MountEntry> builtinMounts() {
        List<MountEntry> out = new ArrayList<>();
        out.add(new MountEntry("sys/", "system", "system endpoints used for control, policy and debugging",
                "system", "system", 0, 0, Map.of(), false, false));
        if (engines.containsKey(CUBBYHOLE)) {
            out.add(CUBBYHOLE_MOUNT);
        }
        return out;
    }

    private static final String CUBBYHOLE = "cubbyhole";
    private static final MountEntry CUBBYHOLE_MOUNT = new MountEntry("cubbyhole/", CUBBYHOLE,
            "per-token private secret storage", CUBBYHOLE, "cubbyhole_builtin", 0, 0, Map.of(), true, false);

    private void unmountBuiltins() {
        mounts.unloadAll();
        authMounts.unloadAll();
        router.unmount(CUBBYHOLE_MOUNT.path());
        router.unmount(TOKEN_MOUNT);
    }

    private static final String TOKEN_MOUNT = "auth/token/";

    /** A revoked token's cubbyhole goes with it. */
    private void clearCubbyhole(TokenEntry t) {
        new StorageView(barrier, CUBBYHOLE_MOUNT.storagePrefix() + t.id() + "/").clear();
    }

    private void mountBuiltins(TokenStore store) {
        router.mount(new Router.Mount(TOKEN_MOUNT, "token", "token", new TokenBackend(store)));
        BackendFactory cubby = engines.get(CUBBYHOLE);
        if (cubby != null) {
            router.mount(new Router.Mount(CUBBYHOLE_MOUNT.path(), CUBBYHOLE, CUBBYHOLE_MOUNT.uuid(),
                    cubby.create(new BackendContext(new StorageView(barrier, CUBBYHOLE_MOUNT.storagePrefix()), clock,
                            CUBBYHOLE_MOUNT.path(), Map.of()))));
        }
    }

    /** The secrets-engine mount table (dev mode mounts {@code secret/} through it). */
    public MountTable mounts() {
        return mounts;
    }

    /** The auth-method mount table ({@code auth/<path>}). */
    public MountTable authMounts() {
        return authMounts;
    }

    /** Failed logins since start, and who is locked out. */
    public LoginLockouts lockouts() {
        return lockouts;
    }

    // ---- initialisation -------------------------------------------------------------------

    public boolean isInitialized() {
        return physical.get(SEAL_CONFIG_KEY).isPresent();
    }

    /** The result of {@link #initialize}: shown once, then the server forgets the shares. */
    public record InitResult(List<SecretBytes> keyShares, String rootToken) {
        @Override
        public String toString() {
            return "InitResult[keyShares=[redacted], rootToken=[redacted]]";
        }
    }

    /**
     * Creates the root key, the keyring and the root token, splits the unseal key into shares and
     * leaves the server sealed. Refused if already initialised.
     */
    public InitResult initialize(SealConfig config, Optional<String> rootTokenId) {
        synchronized (stateLock) {
            if (isInitialized()) {
                throw CofferException.invalid("Vault is already initialized");
            }
            try (SecretBytes unsealKey = SecretBytes.random(Aead.KEY_BYTES);
                 SecretBytes rootKey = SecretBytes.random(Aead.KEY_BYTES)) {
                barrier.initialize(rootKey);
                String rootToken;
                try {
                    TokenStore store = TokenStore.initialize(barrier, clock);
                    rootToken = store.createRoot(rootTokenId).clientToken();
                    store.close();
                    String suffix = Random.base62(8).toLowerCase(java.util.Locale.ROOT);
                    barrier.put(CLUSTER_KEY, JSON.writeValueAsBytes(Map.of(
                            "cluster_name", "coffer-cluster-" + suffix, "cluster_id", Random.uuid())));
                } catch (IOException e) {
                    throw new CofferException(CofferException.Kind.INTERNAL, "cannot write cluster identity", e);
                } finally {
                    barrier.seal();
                }
                byte[] root = rootKey.bytes();
                byte[] sealedRoot = Aead.encrypt(unsealKey, root, ROOT_KEY_KEY.getBytes(StandardCharsets.UTF_8));
                java.util.Arrays.fill(root, (byte) 0);
                physical.transact(List.of(
                        StorageOp.put(ROOT_KEY_KEY, sealedRoot),
                        StorageOp.put(SEAL_CONFIG_KEY, encodeConfig(config))));
                LOG.info("initialized with {} key shares, threshold {}", config.secretShares(), config.secretThreshold());
                return new InitResult(Shamir.split(unsealKey, config), rootToken);
            }
        }
    }

    public SealConfig sealConfig() {
        byte[] raw = physical.get(SEAL_CONFIG_KEY).orElseThrow(CofferException::notInitialized);
        try {
            Map<?, ?> m = JSON.readValue(raw, Map.class);
            return new SealConfig((String) m.get("type"), ((Number) m.get("secret_shares")).intValue(),
                    ((Number) m.get("secret_threshold")).intValue());
        } catch (IOException | RuntimeException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "stored seal configuration is unreadable");
        }
    }

    private static byte[] encodeConfig(SealConfig c) {
        try {
            return JSON.writeValueAsBytes(Map.of("type", c.type(), "secret_shares", c.secretShares(),
                    "secret_threshold", c.secretThreshold()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- seal and unseal ------------------------------------------------------------------

    public boolean isSealed() {
        return barrier.isSealed();
    }

    public SealStatus sealStatus() {
        synchronized (stateLock) {
            String storageType = physical.type();
            if (!isInitialized()) {
                return new SealStatus(SealConfig.SHAMIR, false, true, 0, 0, 0, "", storageType, null, null);
            }
            SealConfig c = sealConfig();
            boolean sealed = barrier.isSealed();
            Map<String, String> cl = sealed ? null : cluster;
            return new SealStatus(c.type(), true, sealed, c.secretThreshold(), c.secretShares(),
                    unsealShares.size(), unsealNonce, storageType,
                    cl == null ? null : cl.get("cluster_name"), cl == null ? null : cl.get("cluster_id"));
        }
    }

    /**
     * Adds one key share. When the threshold is reached the shares are combined and the server
     * unseals, or — if they do not open the root key — progress is reset and an error says so.
     * A share already submitted in this attempt is ignored, as Vault does.
     */
    public SealStatus unseal(String keyText) {
        synchronized (stateLock) {
            if (!isInitialized()) {
                throw CofferException.invalid("Vault is not initialized");
            }
            if (!barrier.isSealed()) {
                return sealStatus();
            }
            SealConfig config = sealConfig();
            SecretBytes share = UnsealKeys.decode(keyText, Shamir.shareLength(Aead.KEY_BYTES, config));
            byte[] candidate = share.bytes();
            if (config.secretShares() > 1 && candidate[candidate.length - 1] == 0) {
                java.util.Arrays.fill(candidate, (byte) 0);
                share.destroy();
                throw CofferException.invalid("'key' is not a key share: its x coordinate (last byte) is zero");
            }
            boolean duplicate = unsealShares.stream().anyMatch(s -> s.equalsSecret(candidate));
            java.util.Arrays.fill(candidate, (byte) 0);
            if (duplicate) {
                share.destroy();
                return sealStatus();
            }
            if (unsealShares.isEmpty()) {
                unsealNonce = Random.uuid();
            }
            unsealShares.add(share);
            if (unsealShares.size() < config.secretThreshold()) {
                return sealStatus();
            }
            try (SecretBytes unsealKey = Shamir.combine(unsealShares, config)) {
                openBarrier(unsealKey);
            } finally {
                resetUnsealLocked();
            }
            return sealStatus();
        }
    }

    private void openBarrier(SecretBytes unsealKey) {
        byte[] sealedRoot = physical.get(ROOT_KEY_KEY).orElseThrow(() -> new CofferException(
                CofferException.Kind.INTERNAL, "the sealed root key is missing from storage"));
        byte[] root;
        try {
            root = Aead.decrypt(unsealKey, sealedRoot, ROOT_KEY_KEY.getBytes(StandardCharsets.UTF_8));
        } catch (Aead.DecryptionException e) {
            throw CofferException.invalid(
                    "unseal failed: the key shares do not reconstruct the unseal key; progress was reset");
        }
        try (SecretBytes rootKey = SecretBytes.wrap(root)) {
            barrier.unseal(rootKey);
        }
        try {
            TokenStore store = TokenStore.load(barrier, clock);
            store.onRevoke(this::clearCubbyhole);
            store.onRenew(this::renewalRefusal);
            PolicyStore policyStore = new PolicyStore(barrier);
            policyStore.ensureDefault();
            policies = policyStore;
            wrapper = new ResponseWrapper(store, new StorageView(barrier, CUBBYHOLE_MOUNT.storagePrefix()));
            AuditBroker broker = new AuditBroker(barrier, clock, auditRefusals);
            broker.load();
            audit = broker;
            cluster = readCluster();
            mounts.load();
            authMounts.load();
            mountBuiltins(store);
            tokens = store;
        } catch (RuntimeException e) {
            unmountBuiltins();
            barrier.seal();
            throw e;
        }
        LOG.info("unsealed");
    }

    @SuppressWarnings("unchecked")
    private Map<String, String> readCluster() {
        return barrier.get(CLUSTER_KEY).map(b -> {
            try {
                return (Map<String, String>) JSON.readValue(b, Map.class);
            } catch (IOException e) {
                throw new CofferException(CofferException.Kind.INTERNAL, "stored cluster identity is unreadable");
            }
        }).orElse(Map.of());
    }

    /** Discards the unseal shares submitted so far. */
    public SealStatus resetUnseal() {
        synchronized (stateLock) {
            resetUnsealLocked();
            return sealStatus();
        }
    }

    private void resetUnsealLocked() {
        unsealShares.forEach(SecretBytes::destroy);
        unsealShares.clear();
        unsealNonce = "";
    }

    /** Wipes every key from memory. Requests in flight finish or fail as sealed. */
    public void seal() {
        synchronized (stateLock) {
            TokenStore t = tokens;
            tokens = null;
            policies = null;
            wrapper = null;
            AuditBroker broker = audit;
            audit = null;
            if (broker != null) {
                broker.close();
            }
            cluster = null;
            unmountBuiltins();
            barrier.seal();
            if (t != null) {
                t.close();
            }
            resetUnsealLocked();
            LOG.info("sealed");
        }
    }

    // ---- keyring --------------------------------------------------------------------------

    public KeyStatus rotate() {
        KeyStatus s = barrier.rotate();
        LOG.info("keyring rotated to term {}", s.term());
        return s;
    }

    public KeyStatus keyStatus() {
        return barrier.keyStatus();
    }

    // ---- requests -------------------------------------------------------------------------

    private static final String INVALID_WRAPPING_TOKEN = "wrapping token is not valid or does not exist";

    /** {@code sys/wrapping/unwrap|lookup|rewrap} without a {@code token} field act on the calling token. */
    private static boolean presentsItselfAsWrappingToken(String path, Request request) {
        if (!path.equals("sys/wrapping/unwrap") && !path.equals("sys/wrapping/lookup") && !path.equals("sys/wrapping/rewrap")) {
            return false;
        }
        Object token = request.data().get("token");
        return token == null || token.toString().isEmpty();
    }

    /**
     * Serves an authenticated request: sealed → 503, unknown token → 403 (400
     * when it stands for a wrapping token on {@code sys/wrapping/*}, as in Vault), not allowed by the
     * token's policies → 403 (before revealing whether the path exists), then the backend. A
     * limited-use token is charged one use and revoked after its last. Returns once the request
     * is recorded by the audit devices (or throws the refusal).
     */
    public Response handle(String clientToken, Request request) {
        Answer a = handleAsync(clientToken, request);
        try {
            a.recorded().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof CofferException ce) {
                throw ce;
            }
            throw e;
        }
        return a.response();
    }

    /**
     * A backend's answer that may not be sent yet: {@code response} (null when the request failed)
     * can be prepared at once, but goes out only when {@code recorded} completes; if it fails, its
     * exception (a {@link CofferException}) is the answer instead. {@code recorded} may complete on
     * an audit writer's thread, so what depends on it must be quick and must not block.
     * {@code mountType} is the type of the mount that served the path (empty if none).
     */
    public record Answer(Response response, java.util.concurrent.CompletableFuture<Void> recorded, String mountType) {
        static final java.util.concurrent.CompletableFuture<Void> DONE =
                java.util.concurrent.CompletableFuture.completedFuture(null);

        static Answer now(Response r, String mountType) {
            return new Answer(r, DONE, mountType);
        }
    }

    /**
     * As {@link #handle}, without waiting for the audit devices on reads and lists: their request
     * and response lines are recorded together after the backend ran (one fsync), and the answer
     * is held back until they are durable. Anything else is recorded before it runs, so no change
     * happens unrecorded, and is answered at once. Refusals before the backend runs are thrown.
     */
    public Answer handleAsync(String clientToken, Request request) {
        TokenStore store = tokens;
        AuditBroker auditor = audit;
        if (store == null || policies == null || auditor == null || barrier.isSealed()) {
            throw CofferException.sealed();
        }
        String path = PathNormalizer.check(request.path());
        Optional<Router.Route> route = router.route(path);
        String mountType = route.map(r -> r.mount().type()).orElse("");
        PathSpec spec = route.map(r -> PathRouter.find(r.mount().backend(), r.relativePath())).orElse(null);
        if (spec != null && spec.unauthenticated()) {
            return Answer.now(new Logins(store, auditor, authMounts, lockouts, wrapper, clock).handle(request, path, route.get()),
                    mountType);
        }
        Optional<TokenEntry> found = store.lookup(clientToken);
        if (found.isPresent() && !Cidr.allows(found.get().boundCidrs(), request.client().remoteAddress())) {
            // A token bound to addresses is worthless elsewhere: refused as if unknown.
            found = Optional.empty();
        }
        if (found.isEmpty() && presentsItselfAsWrappingToken(path, request)) {
            // As Vault: the calling token is the wrapping token here, so an unknown or spent one is
            // a 400 "wrapping token is not valid or does not exist" (clients such as Spring Vault
            // read that answer as "nothing to unwrap"), not a 403.
            auditor.logRequest(record(request, path, mountType, clientToken, null, null, 400, INVALID_WRAPPING_TOKEN));
            throw CofferException.invalid(INVALID_WRAPPING_TOKEN);
        }
        if (found.isEmpty()) {
            auditor.logRequest(record(request, path, mountType, clientToken, null, null, 403, "permission denied"));
            throw CofferException.permissionDenied();
        }
        TokenEntry token = found.get();
        boolean sideEffectFree = request.operation() == Operation.READ || request.operation() == Operation.LIST;
        AuditRecord requestRecord = record(request, path, mountType, clientToken, token, null, 0, null);
        if (!sideEffectFree) {
            auditor.logRequest(requestRecord);
        }
        TokenStore.Use use = store.use(token);
        Response response;
        try {
            response = authorizeAndDispatch(use.entry(), clientToken, request, path, route, spec);
        } catch (CofferException e) {
            AuditRecord failed = record(request, path, mountType, clientToken, token, null, e.kind().httpStatus(), e.getMessage());
            if (sideEffectFree) {
                return new Answer(null, auditor.logExchangeAsync(requestRecord, failed).thenCompose(v ->
                        java.util.concurrent.CompletableFuture.failedFuture(e)), mountType);
            }
            auditor.logResponse(failed);
            throw e;
        } finally {
            if (use.last()) {
                store.revokeTree(token.id());
            }
        }
        if (path.equals("sys/seal") && barrier.isSealed()) {
            // The seal itself was recorded before it ran; its devices are closed now, with a
            // final checkpoint, so the empty answer goes out unrecorded.
            return Answer.now(response, mountType);
        }
        int status = response.status() != 0 ? response.status() : response.isEmpty() ? 204 : 200;
        AuditRecord responseRecord = record(request, path, mountType, clientToken, token, response, status, null);
        if (sideEffectFree) {
            return new Answer(response, auditor.logExchangeAsync(requestRecord, responseRecord), mountType);
        }
        auditor.logResponse(responseRecord);
        return Answer.now(response, mountType);
    }

    private AuditRecord record(Request r, String path, String mountType, String clientToken, TokenEntry token,
                               Response response, int status, String error) {
        return new AuditRecord(clock.instant(), r.id(), r.operation(), path, mountType, r.client(), clientToken, token,
                r.data(), response == null ? null : response.data(), response == null ? null : response.auth(),
                response == null ? null : response.wrapInfo(), status, error);
    }

    /** SIGHUP: audit devices reopen their files (after logrotate moved them); the chain continues. */
    public void reopenAudit() {
        AuditBroker a = audit;
        if (a != null) {
            a.reopen();
        }
    }

    /** Requests refused since start because no audit device could record them (metrics). */
    public long auditRefusals() {
        return auditRefusals.get();
    }

    /** True when an audit device is failing or could not be opened (sys/health shows it). */
    public boolean auditDegraded() {
        AuditBroker a = audit;
        return a != null && a.degraded();
    }

    /** ACL check (403 before revealing whether the path exists), routing, the backend, wrapping. */
    private Response authorizeAndDispatch(TokenEntry token, String clientToken, Request request, String path,
                                          Optional<Router.Route> route, PathSpec spec) {
        boolean sudoPath = spec != null && spec.sudo();
        boolean anyToken = spec != null && spec.anyToken();
        Acl acl = policies.acl(token.policies(), token.claims());
        boolean hasSudo;
        if (anyToken) {
            hasSudo = acl.capabilities(path).contains(Capability.SUDO);
        } else {
            // One evaluation: the deciding rule's capabilities also say whether the token has sudo here.
            Decision d = acl.decide(request.operation(), path, sudoPath, request.data(), request.wrapTtl());
            if (!d.allowed()) {
                throw CofferException.permissionDenied();
            }
            hasSudo = d.capabilities().contains(Capability.SUDO);
        }
        Router.Route r = route.orElseThrow(() -> CofferException.notFound(
                "no handler for route \"" + path + "\". route entry not found."));
        Response response = PathRouter.dispatch(r.mount().backend(),
                request.authenticated(token, clientToken, hasSudo).routed(r.mount().path(), r.relativePath()));
        boolean wrappable = !response.isEmpty() && response.status() == 0 && response.wrapInfo() == null;
        if (!request.wrapTtl().isZero() && wrappable) {
            return wrapper.wrap(response, request.wrapTtl(), path);
        }
        return response;
    }

    /**
     * Reads several paths for one already-authenticated request (sys/batch-read): each path is
     * checked against the token's policies on its own, and fails on its own.
     */
    private List<Map<String, Object>> batchRead(Request outer, List<String> paths) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String p : paths) {
            Map<String, Object> entry = new java.util.LinkedHashMap<>();
            entry.put("path", p);
            try {
                String path = PathNormalizer.check(p.startsWith("/") ? p.substring(1) : p);
                Optional<Router.Route> route = router.route(path);
                PathSpec spec = route.map(x -> PathRouter.find(x.mount().backend(), x.relativePath())).orElse(null);
                if (spec != null && spec.unauthenticated()) {
                    throw CofferException.invalid("a login path cannot be read in a batch");
                }
                Response r = authorizeAndDispatch(outer.token(), outer.clientToken(),
                        Request.of(outer.id(), Operation.READ, path, Map.of(), outer.client()), path, route, spec);
                entry.put("status", r.status() == 0 ? 200 : r.status());
                entry.put("data", r.data());
            } catch (CofferException e) {
                entry.put("status", e.kind().httpStatus());
                entry.put("errors", e.getMessage().isEmpty() ? List.of() : List.of(e.getMessage()));
            }
            out.add(entry);
        }
        return out;
    }

    private TokenStore requireTokens() {
        TokenStore t = tokens;
        if (t == null) {
            throw CofferException.sealed();
        }
        return t;
    }

    /** Not part of HA yet: every node is active. */
    public boolean isStandby() {
        return false;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        seal();
        physical.close();
    }
}
