package dev.coffer.leaks.scan;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Checks that a PEM, OpenSSH or PGP armored block really holds key material: the ASN.1 DER
 * {@code SEQUENCE} start of PKCS#1/PKCS#8/SEC1 bodies, {@code openssh-key-v1\0} for OpenSSH keys, a
 * secret-key packet for PGP. Placeholders ({@code ...}, {@code <key>}) fail these checks.
 */
final class PrivateKeys {
    private static final byte[] OPENSSH_MAGIC = "openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII);

    private PrivateKeys() {}

    static boolean valid(String match, String body) {
        boolean encryptedLegacy = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
        byte[] start = decodeStart(body);
        if (start == null || start.length < 16) {
            return false;
        }
        String header = match.length() > 80 ? match.substring(0, 80) : match;
        if (header.contains("OPENSSH")) {
            return startsWith(start, OPENSSH_MAGIC);
        }
        if (header.contains("PGP")) {
            int b = start[0] & 0xff;
            if ((b & 0x80) == 0) {
                return false;
            }
            int tag = (b & 0x40) != 0 ? b & 0x3f : (b >> 2) & 0x0f;
            return tag == 5;
        }
        if (encryptedLegacy) {
            return true;
        }
        return (start[0] & 0xff) == 0x30 && derLengthOk(start[1] & 0xff);
    }

    private static boolean derLengthOk(int b) {
        return b < 0x80 || (b > 0x80 && b <= 0x84);
    }

    private static boolean startsWith(byte[] a, byte[] prefix) {
        if (a.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (a[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decodes the first few dozen base64 characters of the body, skipping armor headers and escapes. */
    static byte[] decodeStart(String body) {
        StringBuilder b64 = new StringBuilder(64);
        String[] lines = body.replace("\\r", "\n").replace("\\n", "\n").split("\n");
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.indexOf(':') >= 0 || line.startsWith("=")) {
                continue;
            }
            for (int i = 0; i < line.length() && b64.length() < 64; i++) {
                char c = line.charAt(i);
                if (c == '=' || Character.isWhitespace(c)) {
                    break;
                }
                b64.append(c);
            }
            if (b64.length() >= 64) {
                break;
            }
        }
        int usable = b64.length() / 4 * 4;
        try {
            return Base64.getDecoder().decode(b64.substring(0, usable));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
