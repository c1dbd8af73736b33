package dev.coffer.auth.jwt;

import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;

/**
 * The {@code jwt} auth method: CI jobs and workloads log in with the ID token their platform gives
 * them (GitHub Actions, GitLab CI, Kubernetes service accounts), verified against a JWKS, an OIDC
 * discovery document or PEM public keys. Vault-compatible paths: {@code config},
 * {@code role/<name>}, {@code login}. See {@code docs/auth-jwt.md}.
 */
public final class JwtAuthFactory implements BackendFactory {
    @Override
    public String type() {
        return "jwt";
    }

    @Override
    public Backend create(BackendContext context) {
        return new JwtBackend(context);
    }
}
