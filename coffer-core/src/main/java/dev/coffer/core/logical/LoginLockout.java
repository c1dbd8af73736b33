package dev.coffer.core.logical;

/**
 * Lock-out of an identity after repeated failed logins, per auth mount: 5 failures from one client
 * address, or 25 from any addresses, within 15 minutes lock it for 15 minutes (Vault's defaults,
 * plus a per-identity ceiling so that many addresses do not mean unlimited guesses). An auth method
 * calls {@link #begin} before it checks credentials, answers a {@linkplain Attempt#locked() locked}
 * identity with exactly the error it gives for wrong credentials, and ends every attempt with
 * {@link Attempt#failed} or {@link Attempt#succeeded}. Attempts in flight count against the limit,
 * so parallel guesses cannot slip past it while a slow check (bcrypt) runs.
 */
public interface LoginLockout {
    Attempt begin(String identity, ClientInfo client);

    /** One login attempt. */
    interface Attempt {
        /** True if the identity is locked out (or would be with the attempts in flight): refuse it. */
        boolean locked();

        void failed();

        void succeeded();
    }

    LoginLockout NONE = (identity, client) -> new Attempt() {
        @Override
        public boolean locked() {
            return false;
        }

        @Override
        public void failed() {}

        @Override
        public void succeeded() {}
    };
}
