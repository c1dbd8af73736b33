package dev.coffer.auth.userpass;

import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;

/** The {@code userpass} auth method: people log in with a user name and a password (bcrypt-hashed). */
public final class UserpassFactory implements BackendFactory {
    @Override
    public String type() {
        return "userpass";
    }

    @Override
    public Backend create(BackendContext context) {
        return new UserpassBackend(context);
    }
}
