package dev.coffer.cli.run;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A resolved secret's bytes (UTF-8 for text). Prints as {@code [redacted]}. */
public final class SecretValue {
    private final byte[] bytes;

    SecretValue(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    static SecretValue of(String text) {
        return new SecretValue(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The value as text, for an environment variable. */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretValue v && Arrays.equals(bytes, v.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "[redacted]";
    }
}
