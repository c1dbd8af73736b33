package dev.coffer.core.policy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import dev.coffer.core.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named ACL policies in the barrier ({@code core/policy/<name>}: the policy's text as written).
 * {@code root} is built in and cannot be read as text, written or deleted; {@code default} is
 * created on first unseal, may be edited, and cannot be deleted. Parsed policies and the ACLs of
 * policy sets are cached; any write or delete clears the caches.
 */
public final class PolicyStore {
    static final String PREFIX = "core/policy/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ACL_CACHE_LIMIT = 4096;

    /** The built-in policy of wrapping tokens: they can only be unwrapped, looked up or rewrapped. */
    static final String RESPONSE_WRAPPING = "response-wrapping";
    private static final Policy WRAPPING_POLICY = Policy.parse(RESPONSE_WRAPPING, """
            path "sys/wrapping/unwrap" {
              capabilities = ["update"]
            }
            path "sys/wrapping/lookup" {
              capabilities = ["update", "read"]
            }
            path "sys/wrapping/rewrap" {
              capabilities = ["update"]
            }
            """);

    private final Storage barrier;
    private final Map<String, Optional<Policy>> parsed = new ConcurrentHashMap<>();
    private final Map<List<String>, Acl> acls = new ConcurrentHashMap<>();
    private final Map<List<Object>, Acl> templatedAcls = new ConcurrentHashMap<>();
    /** Counts writes: an ACL computed from texts read before a write is not cached after it. */
    private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

    public PolicyStore(Storage barrier) {
        this.barrier = barrier;
    }

    /** Writes Vault's default policy if none is stored (first unseal). */
    public void ensureDefault() {
        if (barrier.get(PREFIX + Policy.DEFAULT_NAME).isEmpty()) {
            store(Policy.DEFAULT_NAME, Policy.DEFAULT_TEXT);
        }
    }

    /** Names of all policies, {@code root} included, sorted. */
    public List<String> names() {
        TreeSet<String> names = new TreeSet<>(barrier.list(PREFIX));
        names.removeIf(n -> n.endsWith("/"));
        names.add(Policy.ROOT_NAME);
        return new ArrayList<>(names);
    }

    /** The stored text of a policy; {@code root} has none (empty). */
    public Optional<String> text(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals(Policy.ROOT_NAME)) {
            return Optional.of("");
        }
        return barrier.get(PREFIX + n).map(PolicyStore::decodeText);
    }

    /** Parses and stores; refuses {@code root} and anything {@link Policy#parse} refuses. */
    public void put(String name, String text) {
        if (name != null && name.equalsIgnoreCase(RESPONSE_WRAPPING)) {
            throw CofferException.invalid("policy \"" + RESPONSE_WRAPPING + "\" is built in");
        }
        if (text == null || text.isBlank()) {
            throw CofferException.invalid("'policy' parameter not supplied or empty");
        }
        Policy p = Policy.parse(name, text);
        store(p.name(), text);
    }

    public void delete(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals(Policy.ROOT_NAME) || n.equals(Policy.DEFAULT_NAME)) {
            throw CofferException.invalid("cannot delete \"" + n + "\" policy");
        }
        barrier.delete(PREFIX + n);
        invalidate();
    }

    private void store(String name, String text) {
        try {
            barrier.put(PREFIX + name, JSON.writeValueAsBytes(Map.of("name", name, "policy", text)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        invalidate();
    }

    private void invalidate() {
        generation.incrementAndGet();
        parsed.clear();
        acls.clear();
        templatedAcls.clear();
    }

    /**
     * The ACL of a token: its policies, with {@code {{identity.claims.X}}} templates filled from
     * the identity claims its login verified (never from metadata a token creator chose). Untemplated policy sets share one cached ACL whatever the metadata.
     */
    public Acl acl(List<String> policyNames, Map<String, String> claims) {
        Acl plain = acl(policyNames);
        if (!plain.templated() || claims.isEmpty()) {
            return plain;
        }
        List<Object> key = List.of(policyNames, claims);
        Acl cached = templatedAcls.get(key);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        List<Policy> policies = new ArrayList<>();
        for (String name : policyNames) {
            policy(name).ifPresent(p -> policies.add(PolicyTemplate.isTemplated(p) ? PolicyTemplate.resolve(p, claims) : p));
        }
        Acl acl = Acl.of(policies);
        if (templatedAcls.size() > ACL_CACHE_LIMIT) {
            templatedAcls.clear();
        }
        if (generation.get() == before) {
            templatedAcls.put(key, acl);
        }
        return acl;
    }

    /**
     * The ACL of a token's policies. Names of policies that do not exist grant nothing (as in
     * Vault, a token may name a policy written later).
     */
    public Acl acl(List<String> policyNames) {
        Acl cached = acls.get(policyNames);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        List<Policy> policies = new ArrayList<>();
        boolean templated = false;
        for (String name : policyNames) {
            Optional<Policy> p = policy(name);
            if (p.isPresent() && PolicyTemplate.isTemplated(p.get())) {
                // Without claims a template names nothing: its rules are left out.
                templated = true;
                policies.add(PolicyTemplate.resolve(p.get(), Map.of()));
            } else {
                p.ifPresent(policies::add);
            }
        }
        Acl acl = Acl.of(policies).markTemplated(templated);
        if (acls.size() > ACL_CACHE_LIMIT) {
            acls.clear();
        }
        if (generation.get() == before) {
            acls.put(List.copyOf(policyNames), acl);
        }
        return acl;
    }

    private Optional<Policy> policy(String name) {
        if (name.equals(Policy.ROOT_NAME)) {
            return Optional.of(Policy.ROOT);
        }
        if (name.equals(RESPONSE_WRAPPING)) {
            return Optional.of(WRAPPING_POLICY);
        }
        Optional<Policy> cached = parsed.get(name);
        if (cached != null) {
            return cached;
        }
        long before = generation.get();
        Optional<Policy> p = barrier.get(PREFIX + name).map(PolicyStore::decodeText).map(text -> Policy.parse(name, text));
        if (generation.get() == before) {
            parsed.put(name, p);
        }
        return p;
    }

    private static String decodeText(byte[] b) {
        try {
            return (String) JSON.readValue(b, Map.class).get("policy");
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "stored policy is unreadable", e);
        }
    }
}
