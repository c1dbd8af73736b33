package dev.coffer.core.login;

import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.LoginLockout;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failed-login counting and lock-out for every auth mount, in memory (a restart or seal forgets
 * it, as a counter of attacks in progress may). An identity is locked out from one client address
 * after {@link #THRESHOLD} failures within {@link #COUNTER_RESET} of the first, for
 * {@link #DURATION} (Vault's defaults); a success clears its count. The table is bounded: when
 * full, the least recently touched entry goes first, so a spray of made-up names cannot exhaust
 * memory.
 */
public final class LoginLockouts {
    public static final int THRESHOLD = 5;
    public static final Duration DURATION = Duration.ofMinutes(15);
    public static final Duration COUNTER_RESET = Duration.ofMinutes(15);
    static final int CAPACITY = 100_000;

    private record Key(String mountAccessor, String identity, String address) {}

    private static final class State {
        int failures;
        Instant windowStart;
        Instant lockedUntil;
    }

    /** One locked identity, as {@code sys/locked-users} shows it. */
    public record Locked(String mountAccessor, String identity, String address, Instant lockedUntil) {}

    private final Clock clock;
    private final AtomicLong failedLogins = new AtomicLong();
    private final LinkedHashMap<Key, State> states = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, State> eldest) {
            return size() > CAPACITY;
        }
    };

    public LoginLockouts(Clock clock) {
        this.clock = clock;
    }

    /** The lock-out of one auth mount, for its backend. */
    public LoginLockout forMount(String mountAccessor) {
        return new LoginLockout() {
            @Override
            public boolean isLocked(String identity, ClientInfo client) {
                return LoginLockouts.this.isLocked(new Key(mountAccessor, identity, address(client)));
            }

            @Override
            public void failed(String identity, ClientInfo client) {
                LoginLockouts.this.failed(new Key(mountAccessor, identity, address(client)));
            }

            @Override
            public void succeeded(String identity, ClientInfo client) {
                LoginLockouts.this.succeeded(new Key(mountAccessor, identity, address(client)));
            }
        };
    }

    private static String address(ClientInfo c) {
        return c == null ? "" : c.remoteAddress();
    }

    private synchronized boolean isLocked(Key k) {
        State s = states.get(k);
        if (s == null || s.lockedUntil == null) {
            return false;
        }
        if (!clock.instant().isBefore(s.lockedUntil)) {
            states.remove(k);
            return false;
        }
        return true;
    }

    private synchronized void failed(Key k) {
        Instant now = clock.instant();
        State s = states.computeIfAbsent(k, x -> new State());
        if (s.lockedUntil != null) {
            return;
        }
        if (s.windowStart == null || !now.isBefore(s.windowStart.plus(COUNTER_RESET))) {
            s.windowStart = now;
            s.failures = 0;
        }
        s.failures++;
        if (s.failures >= THRESHOLD) {
            s.lockedUntil = now.plus(DURATION);
        }
    }

    private synchronized void succeeded(Key k) {
        State s = states.get(k);
        if (s != null && s.lockedUntil == null) {
            states.remove(k);
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
        for (Iterator<Map.Entry<Key, State>> it = states.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, State> e = it.next();
            Instant until = e.getValue().lockedUntil;
            if (until == null) {
                continue;
            }
            if (!now.isBefore(until)) {
                it.remove();
                continue;
            }
            Key k = e.getKey();
            sorted.put(k.mountAccessor() + "\0" + k.identity() + "\0" + k.address(),
                    new Locked(k.mountAccessor(), k.identity(), k.address(), until));
        }
        return new ArrayList<>(sorted.values());
    }

    /** Unlocks an identity of a mount from every address; false if it was not locked. */
    public synchronized boolean unlock(String mountAccessor, String identity) {
        return states.keySet().removeIf(k -> k.mountAccessor().equals(mountAccessor) && k.identity().equals(identity));
    }

    /** Forgets a disabled mount's counters. */
    public synchronized void forget(String mountAccessor) {
        states.keySet().removeIf(k -> k.mountAccessor().equals(mountAccessor));
    }
}
