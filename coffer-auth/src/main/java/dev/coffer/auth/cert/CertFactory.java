package dev.coffer.auth.cert;

import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;

/**
 * The {@code cert} auth method: a client logs in with the TLS client certificate it presented to
 * a mutual-TLS listener, checked against the trusted certificates of {@code certs/<name>} entries.
 */
public final class CertFactory implements BackendFactory {
    @Override
    public String type() {
        return "cert";
    }

    @Override
    public Backend create(BackendContext context) {
        return new CertBackend(context);
    }
}
