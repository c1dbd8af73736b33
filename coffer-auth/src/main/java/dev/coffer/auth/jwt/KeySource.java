package dev.coffer.auth.jwt;

import java.util.List;
import java.util.Optional;

/** Where a mount's verification keys come from: PEM keys in the config, or a (discovered) JWKS URL. */
sealed interface KeySource permits KeySource.Static, RemoteKeys {

    /** The keys that may have signed a token with key id {@code kid} (empty: no kid in the header). */
    List<VerificationKey> keys(String kid);

    /** The issuer the provider's discovery document names, if the keys were discovered. */
    default Optional<String> discoveredIssuer() {
        return Optional.empty();
    }

    /** {@code jwt_validation_pubkeys}: every key is tried, key ids are ignored. */
    record Static(List<VerificationKey> all) implements KeySource {
        public Static {
            all = List.copyOf(all);
        }

        @Override
        public List<VerificationKey> keys(String kid) {
            return all;
        }
    }
}
