package dev.coffer.leaks.scan.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Reads the NUL-terminated fields of git's {@code -z} output one at a time, each at most {@code maxLength} bytes. */
final class NulTokens {
    private final InputStream in;
    private final int maxLength;
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] token = new byte[256];

    NulTokens(InputStream in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** The next field (without its NUL; a last field without one counts too), or null at the end. */
    byte[] next() throws IOException {
        int length = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                limit = in.read(buffer);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? Arrays.copyOf(token, length) : null;
                }
            }
            any = true;
            byte b = buffer[pos++];
            if (b == 0) {
                return Arrays.copyOf(token, length);
            }
            if (length == maxLength) {
                throw new IllegalArgumentException("git output: a field is longer than " + maxLength + " bytes");
            }
            if (length == token.length) {
                token = Arrays.copyOf(token, Math.min(maxLength, token.length * 2));
            }
            token[length++] = b;
        }
    }
}
