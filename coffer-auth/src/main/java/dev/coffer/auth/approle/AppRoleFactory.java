package dev.coffer.auth.approle;

import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;

/**
 * The {@code approle} auth method: machines log in with a role id and a secret id, the secret id
 * being short-lived, limited in uses and delivered (wrapped) by a trusted party.
 */
public final class AppRoleFactory implements BackendFactory {
    @Override
    public String type() {
        return "approle";
    }

    @Override
    public Backend create(BackendContext context) {
        return new AppRoleBackend(context);
    }
}
