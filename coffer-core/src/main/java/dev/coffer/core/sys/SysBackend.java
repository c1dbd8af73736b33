package dev.coffer.core.sys;

import dev.coffer.core.Core;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.mount.MountEntry;
import dev.coffer.core.mount.MountTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import dev.coffer.core.policy.PolicyStore;
import dev.coffer.core.wrapping.ResponseWrapper;
import dev.coffer.core.token.TokenEntry;

/**
 * {@code sys/} as a backend, assembled from small path groups, one file each. The unauthenticated
 * parts of sys (health, init, seal-status, unseal) are served by the HTTP layer directly, as they
 * must answer while sealed.
 */
public final class SysBackend implements Backend {
    private final List<PathSpec> paths;

    /** What sys/ needs of the core beyond its managers: token look-ups and ACLs (empty while sealed). */
    public interface Access {
        Optional<TokenEntry> byToken(String token);

        Optional<TokenEntry> byAccessor(String accessor);

        PolicyStore policies();

        ResponseWrapper wrapper();

        dev.coffer.core.audit.AuditBroker audit();

        List<java.util.Map<String, Object>> batchRead(dev.coffer.core.logical.Request request, List<String> paths);

        MountTable authMounts();

        /** The auth mounts the core makes itself ({@code token/}), shown in listings. */
        List<MountEntry> builtinAuthMounts();

        /** Revokes the method's tokens, then removes it and its data. */
        void disableAuth(String path);

        dev.coffer.core.login.LoginLockouts lockouts();
    }

    public SysBackend(Core core, MountTable mounts, Supplier<List<MountEntry>> builtins, Access access) {
        List<PathSpec> p = new ArrayList<>();
        p.addAll(SealPaths.paths(core));
        p.addAll(KeyringPaths.paths(core));
        p.addAll(MountPaths.paths(mounts, builtins::get, t -> access.policies().acl(t.policies(), t.claims()),
                access.authMounts(), access::builtinAuthMounts));
        p.addAll(AuthPaths.paths(access.authMounts(), access::builtinAuthMounts, access::disableAuth));
        p.addAll(LockedUserPaths.paths(access::lockouts, access.authMounts()));
        p.addAll(MetricsPaths.paths(core));
        p.addAll(WrappingPaths.paths(access::wrapper));
        p.addAll(AuditPaths.paths(access::audit));
        p.add(BatchReadPaths.path(access::batchRead));
        p.addAll(PolicyPaths.paths(access::policies, new PolicyPaths.Tokens() {
            @Override
            public Optional<TokenEntry> byToken(String token) {
                return access.byToken(token);
            }

            @Override
            public Optional<TokenEntry> byAccessor(String accessor) {
                return access.byAccessor(accessor);
            }
        }));
        this.paths = List.copyOf(p);
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "system";
    }
}
