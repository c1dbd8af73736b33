package dev.coffer.core.seal;

import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.SecretBytes;
import java.util.Base64;
import java.util.HexFormat;

/** Reads an unseal key share as an operator types it: hex first, then standard base64 (as Vault). */
public final class UnsealKeys {
    private UnsealKeys() {}

    private static boolean isAsciiHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    public static SecretBytes decode(String text, int expectedLength) {
        if (text == null || text.isBlank()) {
            throw CofferException.invalid("'key' must be specified");
        }
        String t = text.trim();
        byte[] raw = null;
        if (t.length() % 2 == 0 && t.chars().allMatch(UnsealKeys::isAsciiHex)) {
            raw = HexFormat.of().parseHex(t);
        } else {
            try {
                raw = Base64.getDecoder().decode(t);
            } catch (IllegalArgumentException e) {
                throw CofferException.invalid("'key' must be a valid hex or base64 string");
            }
        }
        if (raw.length != expectedLength) {
            int n = raw.length;
            java.util.Arrays.fill(raw, (byte) 0);
            throw CofferException.invalid("'key' has the wrong length: " + n + " bytes, expected "
                    + expectedLength);
        }
        return SecretBytes.wrap(raw);
    }
}
