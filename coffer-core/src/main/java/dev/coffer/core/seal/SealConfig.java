package dev.coffer.core.seal;

import dev.coffer.core.CofferException;

/**
 * How the unseal key is split: {@code secretShares} shares of which {@code secretThreshold} are
 * needed. Vault's rules: 1 ≤ threshold ≤ shares ≤ 255, and more than one share needs a threshold
 * above one (otherwise every share would simply be the key).
 */
public record SealConfig(String type, int secretShares, int secretThreshold) {
    public static final String SHAMIR = "shamir";

    public SealConfig {
        if (secretShares < 1) {
            throw CofferException.invalid("secret_shares must be at least 1, got " + secretShares);
        }
        if (secretShares > 255) {
            throw CofferException.invalid("secret_shares must be at most 255, got " + secretShares);
        }
        if (secretThreshold < 1) {
            throw CofferException.invalid("secret_threshold must be at least 1, got " + secretThreshold);
        }
        if (secretThreshold > secretShares) {
            throw CofferException.invalid("secret_threshold (" + secretThreshold
                    + ") cannot be larger than secret_shares (" + secretShares + ")");
        }
        if (secretShares > 1 && secretThreshold == 1) {
            throw CofferException.invalid("secret_threshold must be greater than one for multiple shares");
        }
    }

    public static SealConfig shamir(int shares, int threshold) {
        return new SealConfig(SHAMIR, shares, threshold);
    }
}
