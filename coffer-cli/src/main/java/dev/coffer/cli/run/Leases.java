package dev.coffer.cli.run;

import dev.coffer.client.ApiException;
import dev.coffer.client.CofferClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The leases of the dynamic secrets a run read, revoked ({@code PUT sys/leases/revoke}) when the
 * command exits, so that database credentials made for one pipeline step die with it.
 *
 * <p>Today the server has no dynamic secrets, KV reads carry no lease, and this list stays empty:
 * it is the place where {@link Resolver} records a read's {@code lease_id} and from where
 * {@code coffer run} revokes them.
 */
public final class Leases {
    private final List<String> ids = new ArrayList<>();

    synchronized void add(String leaseId) {
        ids.add(leaseId);
    }

    public synchronized List<String> ids() {
        return List.copyOf(ids);
    }

    /**
     * Revokes every lease once (a second call revokes nothing).
     *
     * @return a message for each lease that could not be revoked
     */
    public List<String> revokeAll(CofferClient client) {
        List<String> todo;
        synchronized (this) {
            todo = List.copyOf(ids);
            ids.clear();
        }
        List<String> failures = new ArrayList<>();
        for (String id : todo) {
            try {
                client.send("PUT", "sys/leases/revoke", Map.of("lease_id", id)).orThrow();
            } catch (ApiException e) {
                failures.add("cannot revoke lease " + id + ": " + e.getMessage().replace('\n', ' '));
            }
        }
        return failures;
    }
}
