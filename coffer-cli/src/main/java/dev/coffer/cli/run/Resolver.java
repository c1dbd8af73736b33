package dev.coffer.cli.run;

import dev.coffer.client.ApiException;
import dev.coffer.client.CofferClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads every referenced secret before the command starts, all or nothing.
 *
 * <p>One round trip in the common case: a single {@code sys/batch-read} asks for each path's mount
 * ({@code sys/internal/ui/mounts/<path>}, which says KV version 1 or 2) and, guessing KV version
 * 2 mounted at the first path segment, for {@code <mount>/data/<rest>}. Where the guess was wrong
 * (a version 1 mount, a mount of several segments) a second batch reads the right paths; the
 * guessed read is discarded. A {@code ?version=N} reference is a plain {@code GET} with the
 * version as query parameter, which a batch cannot carry. A server without
 * {@code sys/batch-read} (404 or 405; 403 where, as in Vault, only some tokens may call it) is
 * asked path by path, as {@code coffer kv get} asks.
 */
public final class Resolver {
    static final int BATCH_LIMIT = 100;
    private static final String UI_MOUNTS = "sys/internal/ui/mounts/";

    private final CofferClient client;
    private final Leases leases;
    private final boolean useBatch;

    /**
     * @param leases collects the lease of each dynamic secret read, for revocation when the
     *               command exits
     */
    public Resolver(CofferClient client, Leases leases) {
        this(client, leases, true);
    }

    Resolver(CofferClient client, Leases leases, boolean useBatch) {
        this.client = client;
        this.leases = leases;
        this.useBatch = useBatch;
    }

    /**
     * A mount as the server described it, or why it could not; {@code known} is false where the
     * server would not say (403, 404) and version 1 is assumed, as Vault's CLI assumes it.
     */
    private record Mount(String path, boolean v2, boolean known, String failure) {}

    /** A secret's fields, or why they could not be read. */
    private record Fetched(Map<String, Object> fields, String failure) {}

    /** A server's answer for one path: the batch entry or the single read, in one shape. */
    private record Answer(int status, Map<String, Object> data, List<String> errors) {}

    /**
     * The value of each injection's reference.
     *
     * @throws RunFailure listing every reference that could not be resolved and why
     */
    public Map<SecretRef, SecretValue> resolve(List<Injection> injections) {
        Set<SecretRef.Location> locations = new LinkedHashSet<>();
        for (Injection i : injections) {
            locations.add(i.ref().location());
        }
        Map<SecretRef.Location, Fetched> fetched;
        try {
            fetched = fetch(locations);
        } catch (ApiException e) {
            String reason = e.status() == 0 ? String.join("; ", e.errors()) : "server answered " + e.status() + errorText(e.errors());
            fetched = new LinkedHashMap<>();
            for (SecretRef.Location l : locations) {
                fetched.put(l, new Fetched(null, reason));
            }
        }
        Map<SecretRef, SecretValue> values = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (Injection i : injections) {
            Fetched f = fetched.get(i.ref().location());
            String failure = f.failure();
            if (failure == null) {
                failure = FieldValue.extract(f.fields(), i.ref(), values);
            }
            if (failure != null) {
                failures.add("  " + i.name() + " (" + i.source() + "): " + i.ref().text() + ": " + failure);
            }
        }
        if (!failures.isEmpty()) {
            throw new RunFailure("cannot resolve " + failures.size() + " of " + injections.size()
                    + " secret reference" + (injections.size() == 1 ? "" : "s") + "; the command was not started:\n"
                    + String.join("\n", failures));
        }
        return values;
    }

    private Map<SecretRef.Location, Fetched> fetch(Set<SecretRef.Location> locations) {
        Set<String> paths = new LinkedHashSet<>();
        for (SecretRef.Location l : locations) {
            paths.add(l.path());
        }
        Map<String, Answer> first = null;
        Map<SecretRef.Location, String> guesses = new LinkedHashMap<>();
        if (useBatch) {
            List<String> ask = new ArrayList<>();
            for (String p : paths) {
                ask.add(UI_MOUNTS + p);
            }
            for (SecretRef.Location l : locations) {
                if (l.version() == 0) {
                    String g = guessV2(l.path());
                    guesses.put(l, g);
                    ask.add(g);
                }
            }
            first = batch(ask);
        }
        Map<String, Mount> mounts = new LinkedHashMap<>();
        for (String p : paths) {
            Answer a = first != null ? first.get(UI_MOUNTS + p) : single(UI_MOUNTS + p, Map.of());
            mounts.put(p, mount(a));
        }
        Map<SecretRef.Location, Fetched> out = new LinkedHashMap<>();
        Map<SecretRef.Location, String> second = new LinkedHashMap<>();
        for (SecretRef.Location l : locations) {
            Mount m = mounts.get(l.path());
            if (m.failure() != null) {
                out.put(l, new Fetched(null, "cannot find its mount: " + m.failure()));
                continue;
            }
            String api = apiPath(m, l.path());
            if (api == null) {
                out.put(l, new Fetched(null, "it names the mount " + m.path() + ", not a secret in it"));
            } else if (!m.v2() && l.version() > 0) {
                out.put(l, new Fetched(null, "?version is for KV version 2, and " + mountName(m) + " is version 1"));
            } else if (l.version() > 0) {
                out.put(l, fields(single(api, Map.of("version", String.valueOf(l.version()))), m, api, l.version()));
            } else if (first != null && api.equals(guesses.get(l)) && first.containsKey(api)) {
                out.put(l, fields(first.get(api), m, api, 0));
            } else {
                second.put(l, api);
            }
        }
        if (!second.isEmpty()) {
            Map<String, Answer> answers = first != null ? batch(new ArrayList<>(new LinkedHashSet<>(second.values()))) : null;
            for (Map.Entry<SecretRef.Location, String> e : second.entrySet()) {
                String api = e.getValue();
                Answer a = answers != null && answers.containsKey(api) ? answers.get(api) : single(api, Map.of());
                out.put(e.getKey(), fields(a, mounts.get(e.getKey().path()), api, 0));
            }
        }
        return out;
    }

    /** The answers of {@code sys/batch-read} by path; null when the server has no batch reads. */
    @SuppressWarnings("unchecked")
    private Map<String, Answer> batch(List<String> paths) {
        Map<String, Answer> out = new LinkedHashMap<>();
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(paths));
        for (int from = 0; from < distinct.size(); from += BATCH_LIMIT) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + BATCH_LIMIT));
            CofferClient.Reply r = client.send("POST", "sys/batch-read", Map.of("paths", chunk));
            if (r.status() == 404 || r.status() == 405 || r.status() == 403) {
                return null;
            }
            Map<String, Object> body = r.orThrow();
            if (!(body.get("data") instanceof Map<?, ?> data) || !(data.get("secrets") instanceof List<?> secrets)) {
                throw new ApiException(r.status(), List.of("sys/batch-read answered without data.secrets"));
            }
            for (Object o : secrets) {
                if (o instanceof Map<?, ?> entry && entry.get("path") instanceof String p) {
                    int status = entry.get("status") instanceof Number n ? n.intValue() : 0;
                    Map<String, Object> d = entry.get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
                    out.put(p, new Answer(status, d, errors(entry.get("errors"))));
                }
            }
        }
        return out;
    }

    /** One {@code GET}, as the batch would have answered it; a lease it carries is kept for revocation. */
    @SuppressWarnings("unchecked")
    private Answer single(String path, Map<String, String> query) {
        CofferClient.Reply r = client.send("GET", path, query, null);
        Map<String, Object> body = r.body();
        if (r.ok() && body.get("lease_id") instanceof String lease && !lease.isEmpty()) {
            leases.add(lease);
        }
        Map<String, Object> d = body.get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
        return new Answer(r.status(), d, errors(body.get("errors")));
    }

    /** What {@code sys/internal/ui/mounts/<path>} says; 403 and 404 mean "assume version 1", as in Vault's CLI. */
    private static Mount mount(Answer a) {
        if (a == null) {
            return new Mount("", false, false, "the server gave no answer for it");
        }
        if (a.status() == 403 || a.status() == 404) {
            return new Mount("", false, false, null);
        }
        if (a.status() != 200 || a.data() == null) {
            return new Mount("", false, false, "server answered " + a.status() + errorText(a.errors()));
        }
        String path = a.data().get("path") instanceof String s ? s : "";
        boolean v2 = a.data().get("options") instanceof Map<?, ?> o && "2".equals(String.valueOf(o.get("version")));
        return new Mount(path, v2, true, null);
    }

    /** The API path of a secret: {@code <mount>/data/<rest>} on version 2; the path itself on version 1. */
    private static String apiPath(Mount m, String path) {
        if (!m.v2()) {
            return path;
        }
        String mount = m.path().endsWith("/") ? m.path() : m.path() + "/";
        if (!path.startsWith(mount)) {
            return null;
        }
        String rest = path.substring(mount.length());
        return rest.isEmpty() ? null : mount + "data/" + rest;
    }

    private static String guessV2(String path) {
        int slash = path.indexOf('/');
        return path.substring(0, slash) + "/data" + path.substring(slash);
    }

    private static String mountName(Mount m) {
        return m.path().isEmpty() ? "its mount" : "the mount " + m.path();
    }

    /** A secret's fields from a read's answer, or what went wrong, in words. */
    @SuppressWarnings("unchecked")
    private static Fetched fields(Answer a, Mount mount, String api, int version) {
        boolean v2 = mount.v2();
        if (a == null) {
            return new Fetched(null, "the server gave no answer for " + api);
        }
        Map<String, Object> d = a.data();
        if (a.status() == 200) {
            Object fields = v2 ? (d == null ? null : d.get("data")) : d;
            if (fields instanceof Map<?, ?> m) {
                return new Fetched((Map<String, Object>) m, null);
            }
            return new Fetched(null, "no data at " + api);
        }
        if (a.status() == 404) {
            if (v2 && d != null && d.get("metadata") instanceof Map<?, ?> md) {
                String which = version > 0 ? "version " + version : "the current version";
                if (Boolean.TRUE.equals(md.get("destroyed"))) {
                    return new Fetched(null, which + " of " + api + " is destroyed");
                }
                if (md.get("deletion_time") instanceof String t && !t.isEmpty()) {
                    return new Fetched(null, which + " of " + api + " is deleted");
                }
            }
            String more = a.errors().isEmpty() ? "" : " (" + String.join("; ", a.errors()) + ")";
            return new Fetched(null, "no secret at " + api + (version > 0 ? " version " + version : "") + more);
        }
        if (a.status() == 403) {
            // Where the mount lookup was refused too, the path read is a guess: do not name it.
            return new Fetched(null, "permission denied (403)" + (mount.known() ? " reading " + api : ""));
        }
        return new Fetched(null, "server answered " + a.status() + " reading " + api + errorText(a.errors()));
    }

    private static List<String> errors(Object o) {
        return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
    }

    private static String errorText(List<String> errors) {
        return errors.isEmpty() ? "" : ": " + String.join("; ", errors);
    }
}
