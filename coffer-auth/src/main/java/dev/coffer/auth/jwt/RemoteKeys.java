package dev.coffer.auth.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * A JWKS fetched over HTTP(S) and cached. A token naming a key id not in the cache triggers one
 * re-fetch (key rotation), at most once per {@link #MIN_REFETCH}, so tokens with made-up key ids
 * cannot make Coffer hammer the provider; the set is also refreshed when older than
 * {@link #MAX_AGE}. A failed refresh keeps the keys already held. With OIDC discovery, the JWKS
 * URL and issuer come from {@code /.well-known/openid-configuration}.
 */
final class RemoteKeys implements KeySource {
    static final Duration MIN_REFETCH = Duration.ofSeconds(30);
    static final Duration MAX_AGE = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI discoveryUrl;
    private final SSLContext trust;
    private final Clock clock;
    private URI jwksUrl;
    private String issuer;
    private List<VerificationKey> cached;
    private Instant fetchedAt = Instant.MIN;
    private Instant lastAttempt = Instant.MIN;
    private boolean fetching;

    private RemoteKeys(URI jwksUrl, URI discoveryUrl, SSLContext trust, Clock clock) {
        this.jwksUrl = jwksUrl;
        this.discoveryUrl = discoveryUrl;
        this.trust = trust;
        this.clock = clock;
    }

    static RemoteKeys jwks(URI jwksUrl, SSLContext trust, Clock clock) {
        return new RemoteKeys(jwksUrl, null, trust, clock);
    }

    static RemoteKeys discovery(URI discoveryUrl, SSLContext trust, Clock clock) {
        return new RemoteKeys(null, discoveryUrl, trust, clock);
    }

    /** Fetches now; IOException with the reason when the provider cannot be reached or answers nonsense. */
    synchronized RemoteKeys prime() throws IOException {
        refresh();
        return this;
    }

    /**
     * The keys for {@code kid}. A fetch runs outside this object's lock, one at a time: logins
     * arriving meanwhile use the keys already held instead of waiting up to the fetch's timeout.
     */
    @Override
    public List<VerificationKey> keys(String kid) {
        boolean fetch;
        synchronized (this) {
            Instant now = clock.instant();
            boolean stale = cached == null || now.isAfter(fetchedAt.plus(MAX_AGE));
            boolean unknownKid = cached != null && !kid.isEmpty() && cached.stream().noneMatch(k -> k.kid().equals(kid));
            fetch = (stale || unknownKid) && !fetching && !now.isBefore(lastAttempt.plus(MIN_REFETCH));
            if (fetch) {
                fetching = true;
                lastAttempt = now;
            }
        }
        if (fetch) {
            try {
                Fetched f = fetch();
                synchronized (this) {
                    f.apply(this);
                }
            } catch (IOException e) {
                synchronized (this) {
                    if (cached == null) {
                        throw JwtErrors.invalid("could not fetch the signing keys: " + e.getMessage());
                    }
                }
            } finally {
                synchronized (this) {
                    fetching = false;
                }
            }
        }
        synchronized (this) {
            if (cached == null) {
                throw JwtErrors.invalid("the signing keys are not available yet; try again shortly");
            }
            if (kid.isEmpty()) {
                return cached;
            }
            return cached.stream().filter(k -> k.kid().equals(kid)).toList();
        }
    }

    @Override
    public synchronized Optional<String> discoveredIssuer() {
        return Optional.ofNullable(issuer);
    }

    private void refresh() throws IOException {
        lastAttempt = clock.instant();
        fetch().apply(this);
    }

    /** What one fetch learnt; applied under the lock. */
    private record Fetched(URI jwksUrl, String issuer, List<VerificationKey> keys, Instant at) {
        void apply(RemoteKeys r) {
            if (r.discoveryUrl != null) {
                r.jwksUrl = jwksUrl;
                r.issuer = issuer;
            }
            r.cached = keys;
            r.fetchedAt = at;
        }
    }

    /** Network only: reads no mutable field but the configured URLs (jwksUrl is fixed without discovery). */
    private Fetched fetch() throws IOException {
        URI url;
        String iss = null;
        if (discoveryUrl != null) {
            Discovered d = discover();
            url = d.jwksUrl();
            iss = d.issuer();
        } else {
            synchronized (this) {
                url = jwksUrl;
            }
        }
        JWKSet set;
        try {
            set = JWKSet.parse(HttpFetch.get(url, trust));
        } catch (java.text.ParseException e) {
            throw new IOException("the JWKS at " + url + " is not a valid JWK set");
        }
        return new Fetched(url, iss, set.getKeys().stream().map(VerificationKey::fromJwk).flatMap(Optional::stream).toList(),
                clock.instant());
    }

    private record Discovered(URI jwksUrl, String issuer) {}

    private Discovered discover() throws IOException {
        String base = discoveryUrl.toString().replaceAll("/+$", "");
        URI doc = URI.create(base + "/.well-known/openid-configuration");
        JsonNode n;
        try {
            n = JSON.readTree(HttpFetch.get(doc, trust));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("the discovery document at " + doc + " is not JSON");
        }
        String iss = n.path("issuer").asText("");
        String uri = n.path("jwks_uri").asText("");
        if (iss.isEmpty() || uri.isEmpty()) {
            throw new IOException("the discovery document at " + doc + " has no issuer or jwks_uri");
        }
        if (!iss.replaceAll("/+$", "").equals(base)) {
            throw new IOException("the discovery document's issuer " + JwtErrors.quote(iss)
                    + " does not match oidc_discovery_url");
        }
        try {
            return new Discovered(HttpFetch.checkUrl("jwks_uri", uri), iss);
        } catch (dev.coffer.core.CofferException e) {
            throw new IOException("the discovery document's jwks_uri is not an http or https URL");
        }
    }

    @Override
    public String toString() {
        return "RemoteKeys[" + (discoveryUrl != null ? discoveryUrl : jwksUrl) + "]";
    }
}
