package dev.coffer.core.logical;

import java.time.Instant;

/** Vault's {@code wrap_info}: the single-use token that stands for a wrapped response. */
public record WrapInfo(String token, String accessor, long ttl, Instant creationTime, String creationPath,
                       String wrappedAccessor) {
    @Override
    public String toString() {
        return "WrapInfo[token=[redacted], accessor=" + accessor + ", creationPath=" + creationPath + "]";
    }
}
