package dev.coffer.auth.jwt;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A jwt mount's {@code config}: exactly one key source ({@code jwks_url},
 * {@code jwt_validation_pubkeys} or {@code oidc_discovery_url}), the bound issuer, the default
 * role and the accepted algorithms (empty: every asymmetric algorithm Coffer supports).
 */
record JwtConfig(String jwksUrl, String jwksCaPem, List<String> jwtValidationPubkeys, String oidcDiscoveryUrl,
                 String oidcDiscoveryCaPem, String boundIssuer, String defaultRole, List<String> jwtSupportedAlgs) {

    JwtConfig {
        jwksUrl = blankToEmpty(jwksUrl);
        jwksCaPem = blankToEmpty(jwksCaPem);
        jwtValidationPubkeys = jwtValidationPubkeys == null ? List.of() : List.copyOf(jwtValidationPubkeys);
        oidcDiscoveryUrl = blankToEmpty(oidcDiscoveryUrl);
        oidcDiscoveryCaPem = blankToEmpty(oidcDiscoveryCaPem);
        boundIssuer = blankToEmpty(boundIssuer);
        defaultRole = blankToEmpty(defaultRole);
        jwtSupportedAlgs = jwtSupportedAlgs == null ? List.of() : List.copyOf(jwtSupportedAlgs);
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.strip();
    }

    /** Checks the fields that need no network; a 400 naming the field otherwise. */
    void validate() {
        int sources = (jwksUrl.isEmpty() ? 0 : 1) + (jwtValidationPubkeys.isEmpty() ? 0 : 1)
                + (oidcDiscoveryUrl.isEmpty() ? 0 : 1);
        if (sources != 1) {
            throw JwtErrors.invalid("exactly one of 'jwt_validation_pubkeys', 'jwks_url' or 'oidc_discovery_url' must be set");
        }
        if (!jwksCaPem.isEmpty() && jwksUrl.isEmpty()) {
            throw JwtErrors.invalid("jwks_ca_pem can only be set together with jwks_url");
        }
        if (!oidcDiscoveryCaPem.isEmpty() && oidcDiscoveryUrl.isEmpty()) {
            throw JwtErrors.invalid("oidc_discovery_ca_pem can only be set together with oidc_discovery_url");
        }
        for (String alg : jwtSupportedAlgs) {
            String why = Algorithms.refusal(alg);
            if (why != null) {
                throw JwtErrors.invalid("jwt_supported_algs: " + why);
            }
        }
        if (!jwksUrl.isEmpty()) {
            HttpFetch.checkUrl("jwks_url", jwksUrl);
            HttpFetch.trust("jwks_ca_pem", jwksCaPem);
        }
        if (!oidcDiscoveryUrl.isEmpty()) {
            HttpFetch.checkUrl("oidc_discovery_url", oidcDiscoveryUrl);
            HttpFetch.trust("oidc_discovery_ca_pem", oidcDiscoveryCaPem);
        }
        for (int i = 0; i < jwtValidationPubkeys.size(); i++) {
            PemKeys.parse("jwt_validation_pubkeys[" + i + "]", jwtValidationPubkeys.get(i));
        }
    }

    /**
     * The key source this config names. A remote source is fetched now when {@code prime} is set
     * (a config write checks the URL answers with keys); a failure is a 400 naming the URL field.
     */
    KeySource keySource(Clock clock, boolean prime) {
        if (!jwtValidationPubkeys.isEmpty()) {
            List<VerificationKey> keys = new ArrayList<>();
            for (int i = 0; i < jwtValidationPubkeys.size(); i++) {
                keys.add(new VerificationKey("", PemKeys.parse("jwt_validation_pubkeys[" + i + "]",
                        jwtValidationPubkeys.get(i)), null));
            }
            return new KeySource.Static(keys);
        }
        boolean discovery = !oidcDiscoveryUrl.isEmpty();
        String field = discovery ? "oidc_discovery_url" : "jwks_url";
        RemoteKeys remote = discovery
                ? RemoteKeys.discovery(HttpFetch.checkUrl(field, oidcDiscoveryUrl),
                        HttpFetch.trust("oidc_discovery_ca_pem", oidcDiscoveryCaPem), clock)
                : RemoteKeys.jwks(HttpFetch.checkUrl(field, jwksUrl), HttpFetch.trust("jwks_ca_pem", jwksCaPem), clock);
        if (prime) {
            try {
                remote.prime();
            } catch (IOException e) {
                throw JwtErrors.invalid("error checking " + field + ": " + e.getMessage());
            }
        }
        return remote;
    }

    Map<String, Object> toResponse() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bound_issuer", boundIssuer);
        m.put("default_role", defaultRole);
        m.put("jwks_ca_pem", jwksCaPem);
        m.put("jwks_url", jwksUrl);
        m.put("jwt_supported_algs", jwtSupportedAlgs);
        m.put("jwt_validation_pubkeys", jwtValidationPubkeys);
        m.put("oidc_discovery_ca_pem", oidcDiscoveryCaPem);
        m.put("oidc_discovery_url", oidcDiscoveryUrl);
        m.put("oidc_client_id", "");
        m.put("oidc_response_mode", "");
        m.put("oidc_response_types", List.of());
        m.put("provider_config", Map.of());
        m.put("namespace_in_state", false);
        return m;
    }
}
