package dev.coffer.core.login;

import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.LoginLockout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failed-login counting and lock-out for every auth mount, in memory (a restart or seal forgets
 * it). An identity is locked out from one client address after {@link #THRESHOLD} failures within
 * {@link #COUNTER_RESET}, and from every address after {@link #IDENTITY_THRESHOLD} failures from
 * any, for {@link #DURATION} (Vault's defaults, plus the per-identity ceiling). Attempts in flight
 * count against the limits.
 *
 * <p>Memory is bounded whatever callers send: identities are kept as SHA-256 hashes (with a short
 * prefix to show in {@code sys/locked-users}); counters are evicted least recently used; locks live
 * in a table of their own that counters never evict, and when it is full the lock that ends first
 * goes.
 */
public final class LoginLockouts {
    public static final int THRESHOLD = 5;
    public static final int IDENTITY_THRESHOLD = 25;
    public static final Duration DURATION = Duration.ofMinutes(15);
    public static final Duration COUNTER_RESET = Duration.ofMinutes(15);
    static final int CAPACITY = 100_000;
    private static final int SHOWN_CHARS = 128;

    /** {@code address} empty: the identity's count from every address. */
    private record Key(String mountAccessor, String identityHash, String address) {}

    private static final class Counter {
        int failures;
        int inFlight;
        Instant windowStart;
    }

    private record Lock(String shown, Instant until) {}

    /** One locked identity, as {@code sys/locked-users} shows it (address empty: from everywhere). */
    public record Locked(String mountAccessor, String identity, String address, Instant lockedUntil) {}

    private final Clock clock;
    private final AtomicLong failedLogins = new AtomicLong();
    private final LinkedHashMap<Key, Counter> counters = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Counter> eldest) {
            return size() > CAPACITY;
        }
    };
    private final Map<Key, Lock> locks = new HashMap<>();

    public LoginLockouts(Clock clock) {
        this.clock = clock;
    }

    /** The lock-out of one auth mount, for its backend. */
    public LoginLockout forMount(String mountAccessor) {
        return (identity, client) -> begin(mountAccessor, identity == null ? "" : identity,
                client == null ? "" : client.remoteAddress());
    }

    private synchronized LoginLockout.Attempt begin(String mount, String identity, String address) {
        String id = hash(identity);
        Key one = new Key(mount, id, address);
        Key all = new Key(mount, id, "");
        Instant now = clock.instant();
        if (isLocked(one, now) || isLocked(all, now)) {
            return lockedAttempt();
        }
        Counter c = fresh(one, now);
        Counter g = fresh(all, now);
        if (c.failures + c.inFlight >= THRESHOLD || g.failures + g.inFlight >= IDENTITY_THRESHOLD) {
            return lockedAttempt();
        }
        c.inFlight++;
        g.inFlight++;
        String shown = identity.length() > SHOWN_CHARS ? identity.substring(0, SHOWN_CHARS) + "..." : identity;
        return new LoginLockout.Attempt() {
            private boolean done;

            @Override
            public boolean locked() {
                return false;
            }

            @Override
            public void failed() {
                finish(one, all, shown, false);
            }

            @Override
            public void succeeded() {
                finish(one, all, shown, true);
            }

            private void finish(Key k1, Key k2, String s, boolean ok) {
                synchronized (LoginLockouts.this) {
                    if (done) {
                        return;
                    }
                    done = true;
                    end(k1, k2, s, ok);
                }
            }
        };
    }

    private LoginLockout.Attempt lockedAttempt() {
        return new LoginLockout.Attempt() {
            @Override
            public boolean locked() {
                return true;
            }

            @Override
            public void failed() {}

            @Override
            public void succeeded() {}
        };
    }

    private void end(Key one, Key all, String shown, boolean ok) {
        Instant now = clock.instant();
        Counter c = fresh(one, now);
        Counter g = fresh(all, now);
        c.inFlight = Math.max(0, c.inFlight - 1);
        g.inFlight = Math.max(0, g.inFlight - 1);
        if (ok) {
            counters.remove(one);
            return;
        }
        c.failures++;
        g.failures++;
        if (c.failures >= THRESHOLD) {
            lock(one, shown, now);
            counters.remove(one);
        }
        if (g.failures >= IDENTITY_THRESHOLD) {
            lock(all, shown, now);
            counters.remove(all);
        }
    }

    /** The key's counter, restarted when its window has passed. */
    private Counter fresh(Key k, Instant now) {
        Counter c = counters.computeIfAbsent(k, x -> new Counter());
        if (c.windowStart == null || !now.isBefore(c.windowStart.plus(COUNTER_RESET))) {
            c.windowStart = now;
            c.failures = 0;
        }
        return c;
    }

    private boolean isLocked(Key k, Instant now) {
        Lock l = locks.get(k);
        if (l == null) {
            return false;
        }
        if (!now.isBefore(l.until())) {
            locks.remove(k);
            return false;
        }
        return true;
    }

    private void lock(Key k, String shown, Instant now) {
        if (locks.size() >= CAPACITY && !locks.containsKey(k)) {
            locks.entrySet().removeIf(e -> !now.isBefore(e.getValue().until()));
            if (locks.size() >= CAPACITY) {
                Key first = null;
                for (Map.Entry<Key, Lock> e : locks.entrySet()) {
                    if (first == null || e.getValue().until().isBefore(locks.get(first).until())) {
                        first = e.getKey();
                    }
                }
                locks.remove(first);
            }
        }
        locks.put(k, new Lock(shown, now.plus(DURATION)));
    }

    private static String hash(String identity) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts a failed login, whatever the method (the core calls it for every refused login; metrics read it). */
    public void countFailure() {
        failedLogins.incrementAndGet();
    }

    /** Failed logins since the server started. */
    public long failedLogins() {
        return failedLogins.get();
    }

    /** Every identity locked now, by mount accessor then identity. */
    public synchronized List<Locked> locked() {
        Instant now = clock.instant();
        TreeMap<String, Locked> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<Key, Lock>> it = locks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Lock> e = it.next();
            if (!now.isBefore(e.getValue().until())) {
                it.remove();
                continue;
            }
            Key k = e.getKey();
            sorted.put(k.mountAccessor() + "\0" + e.getValue().shown() + "\0" + k.address() + "\0" + k.identityHash(),
                    new Locked(k.mountAccessor(), e.getValue().shown(), k.address(), e.getValue().until()));
        }
        return new ArrayList<>(sorted.values());
    }

    /** Unlocks an identity of a mount from every address and clears its counts; false if it was not locked. */
    public synchronized boolean unlock(String mountAccessor, String identity) {
        String id = hash(identity);
        counters.keySet().removeIf(k -> k.mountAccessor().equals(mountAccessor) && k.identityHash().equals(id));
        return locks.keySet().removeIf(k -> k.mountAccessor().equals(mountAccessor) && k.identityHash().equals(id));
    }

    /** Forgets a disabled mount's counters and locks. */
    public synchronized void forget(String mountAccessor) {
        counters.keySet().removeIf(k -> k.mountAccessor().equals(mountAccessor));
        locks.keySet().removeIf(k -> k.mountAccessor().equals(mountAccessor));
    }
}
