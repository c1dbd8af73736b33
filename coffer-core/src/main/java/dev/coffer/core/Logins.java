package dev.coffer.core;

import dev.coffer.core.audit.AuditBroker;
import dev.coffer.core.audit.AuditRecord;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.Cidr;
import dev.coffer.core.logical.Login;
import dev.coffer.core.logical.PathRouter;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.login.LoginLockouts;
import dev.coffer.core.mount.MountEntry;
import dev.coffer.core.mount.MountTable;
import dev.coffer.core.router.Router;
import dev.coffer.core.token.TokenEntry;
import dev.coffer.core.token.TokenStore;
import dev.coffer.core.wrapping.ResponseWrapper;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Serves a request to an unauthenticated path (an auth method's login): no token, no ACL. The
 * request is recorded before the backend runs (a login can change state: a secret id's uses), the
 * backend checks the credentials, and a {@link Login} answer becomes a new orphan token whose TTL
 * is capped by the role, the mount and the system — no login mints a token that never expires,
 * and none mints a root token.
 */
final class Logins {
    private final TokenStore tokens;
    private final AuditBroker audit;
    private final MountTable authMounts;
    private final LoginLockouts lockouts;
    private final ResponseWrapper wrapper;
    private final Clock clock;

    Logins(TokenStore tokens, AuditBroker audit, MountTable authMounts, LoginLockouts lockouts,
           ResponseWrapper wrapper, Clock clock) {
        this.tokens = tokens;
        this.audit = audit;
        this.authMounts = authMounts;
        this.lockouts = lockouts;
        this.wrapper = wrapper;
        this.clock = clock;
    }

    Response handle(Request request, String path, Router.Route route) {
        String mountType = route.mount().type();
        audit.logRequest(record(request, path, mountType, null, null, 0, null));
        Response response;
        TokenEntry issued = null;
        try {
            try {
            response = PathRouter.dispatch(route.mount().backend(), request.routed(route.mount().path(), route.relativePath()));
            if (response.login() != null) {
                TokenStore.CreatedToken t = mint(response.login(), route, path);
                issued = t.entry();
                response = Response.ofAuth(auth(t), response.login().data().isEmpty() ? null : response.login().data());
            }
            if (!request.wrapTtl().isZero() && !response.isEmpty() && response.status() == 0) {
                response = wrapper.wrap(response, request.wrapTtl(), path);
            }
            } catch (RuntimeException e) {
                if (issued != null) {
                    // The token was minted but cannot be handed out: it must not outlive this failure.
                    tokens.revokeTree(issued.id());
                }
                throw e;
            }
        } catch (CofferException e) {
            lockouts.countFailure();
            audit.logResponse(record(request, path, mountType, null, null, e.kind().httpStatus(), e.getMessage()));
            throw e;
        } catch (RuntimeException e) {
            lockouts.countFailure();
            audit.logResponse(record(request, path, mountType, null, null, 500, "internal error"));
            throw e;
        }
        int status = response.status() != 0 ? response.status() : response.isEmpty() ? 204 : 200;
        audit.logResponse(record(request, path, mountType, issued, response, status, null));
        return response;
    }

    private TokenStore.CreatedToken mint(Login login, Router.Route route, String path) {
        String methodPath = route.mount().path().substring("auth/".length());
        MountEntry mount = Optional.ofNullable(authMounts.get(methodPath)).orElseThrow(() ->
                new CofferException(CofferException.Kind.INTERNAL, "no auth mount at " + route.mount().path()));
        LinkedHashSet<String> policies = new LinkedHashSet<>(login.policies());
        if (!login.noDefaultPolicy()) {
            policies.add("default");
        }
        if (policies.contains("root")) {
            throw new CofferException(CofferException.Kind.PERMISSION_DENIED, "an auth method cannot issue a token with the root policy");
        }
        login.boundCidrs().forEach(Cidr::parse);
        Duration ceiling = min(TokenStore.SYSTEM_MAX_TTL, seconds(mount.maxLeaseTtl()), login.maxTtl());
        Duration ttl = !login.ttl().isZero() ? login.ttl()
                : mount.defaultLeaseTtl() > 0 ? Duration.ofSeconds(mount.defaultLeaseTtl()) : TokenStore.SYSTEM_DEFAULT_TTL;
        if (ttl.compareTo(ceiling) > 0) {
            ttl = ceiling;
        }
        String display = login.displayName() == null || login.displayName().isBlank()
                ? mount.type() : mount.type() + "-" + login.displayName();
        return tokens.create(null, new TokenStore.CreateParams(Optional.empty(), new ArrayList<>(policies),
                login.metadata(), display, ttl, ceiling, login.period(), login.numUses(), true, path, "",
                login.boundCidrs(), login.claims()));
    }

    private static Duration seconds(long s) {
        return s > 0 ? Duration.ofSeconds(s) : Duration.ZERO;
    }

    /** The smallest of the non-zero durations. */
    private static Duration min(Duration first, Duration... more) {
        Duration m = first;
        for (Duration d : more) {
            if (!d.isZero() && d.compareTo(m) < 0) {
                m = d;
            }
        }
        return m;
    }

    private static Auth auth(TokenStore.CreatedToken t) {
        TokenEntry e = t.entry();
        List<String> policies = e.policies();
        long lease = e.period().isZero() ? e.ttl().toSeconds() : e.period().toSeconds();
        return new Auth(t.clientToken(), e.accessor(), policies, policies, e.meta(), lease, e.renewable(), "service",
                true, e.numUses());
    }

    private AuditRecord record(Request r, String path, String mountType, TokenEntry issued, Response response,
                               int status, String error) {
        return new AuditRecord(clock.instant(), r.id(), r.operation(), path, mountType, r.client(), null, issued,
                r.data(), response == null ? null : response.data(), response == null ? null : response.auth(),
                response == null ? null : response.wrapInfo(), status, error);
    }
}
