package dev.coffer.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Key material that zeroes itself when destroyed and never prints. Holders call {@link #destroy()}
 * when the key leaves memory (sealing); {@link #bytes()} hands out a copy for the one call that
 * needs it.
 */
public final class SecretBytes implements AutoCloseable {
    private final byte[] value;
    private volatile boolean destroyed;

    private SecretBytes(byte[] value) {
        this.value = value;
    }

    /** Takes a copy of {@code value}; the caller may wipe its own array afterwards. */
    public static SecretBytes copyOf(byte[] value) {
        return new SecretBytes(value.clone());
    }

    /** Takes ownership of {@code value} without copying: the caller must not keep it. */
    public static SecretBytes wrap(byte[] value) {
        return new SecretBytes(value);
    }

    public static SecretBytes random(int length) {
        byte[] b = new byte[length];
        Random.fill(b);
        return new SecretBytes(b);
    }

    public int length() {
        return value.length;
    }

    /** A copy of the secret. Throws once destroyed. */
    public byte[] bytes() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
        return value.clone();
    }

    /** Constant-time comparison with another secret. */
    public boolean equalsSecret(byte[] other) {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
        return MessageDigest.isEqual(value, other);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    public void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
