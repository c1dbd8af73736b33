package dev.coffer.core.logical;

/**
 * Lock-out of an identity after repeated failed logins, per auth mount, identity and client
 * address (Vault's defaults: 5 failures, locked 15 minutes). An auth method asks
 * {@link #isLocked} before it checks credentials, and answers a locked identity with exactly the
 * error it gives for wrong credentials, so a caller cannot tell the two apart; it reports every
 * outcome with {@link #failed} or {@link #succeeded}.
 */
public interface LoginLockout {
    boolean isLocked(String identity, ClientInfo client);

    void failed(String identity, ClientInfo client);

    void succeeded(String identity, ClientInfo client);

    LoginLockout NONE = new LoginLockout() {
        @Override
        public boolean isLocked(String identity, ClientInfo client) {
            return false;
        }

        @Override
        public void failed(String identity, ClientInfo client) {}

        @Override
        public void succeeded(String identity, ClientInfo client) {}
    };
}
