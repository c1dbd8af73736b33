package dev.coffer.leaks.scan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The only two things a finding keeps of its secret: a masked preview and a SHA-256. */
final class Secrets {
    private Secrets() {}

    /** Up to 4 leading characters (fewer for short secrets: at most a quarter of them) and {@code ***}. */
    static String preview(String secret) {
        int shown = Math.min(4, secret.length() / 4);
        return secret.substring(0, shown) + "***";
    }

    static String sha256(String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
