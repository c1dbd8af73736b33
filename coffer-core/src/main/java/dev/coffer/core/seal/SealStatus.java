package dev.coffer.core.seal;

/**
 * What {@code sys/seal-status} reports. {@code clusterName} and {@code clusterId} are null while
 * sealed; {@code nonce} is empty until an unseal attempt has started.
 */
public record SealStatus(String type, boolean initialized, boolean sealed, int threshold, int shares,
                         int progress, String nonce, String storageType, String clusterName,
                         String clusterId) {}
