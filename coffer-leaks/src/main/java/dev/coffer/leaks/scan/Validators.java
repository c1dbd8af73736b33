package dev.coffer.leaks.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * Offline checks of a candidate's structure or checksum; a candidate a validator rejects is not reported.
 * Each takes the whole regex match and the secret group.
 */
final class Validators {
    /** The validator names a rule may use. */
    static final Set<String> NAMES = Set.of("crc32-base62", "jwt", "ghs-jwt", "private-key", "azure-identifiable",
            "gitlab-routable", "basic-auth", "url-password");

    private static final JsonFactory JSON = new JsonFactory();

    /** Azure identifiable-key signatures and the Marvin32 seeds of each (Microsoft security-utilities). */
    private static final Map<String, long[]> AZURE_SEEDS = Map.ofEntries(
            Map.entry("+ASt", new long[] {0x44656661756c7430L}),
            Map.entry("ACDb", new long[] {0x4d617374524f3030L, 0x4d61737452573030L}),
            Map.entry("+ABa", new long[] {0x4162416363743030L}),
            Map.entry("AzCa", new long[] {0x4163636573733030L}),
            Map.entry("AzSe", new long[] {0x5175657279303030L, 0x5041646d696e3030L}),
            Map.entry("+AMC", new long[] {0x436c617373696330L}),
            Map.entry("+ACR", new long[] {0x41435244666c7430L}),
            Map.entry("AIoT", new long[] {0x496f544875623030L, 0x4470734b65793030L, 0x4465766963653030L}),
            Map.entry("APIM", new long[] {0x54656e616e743030L, 0x496f544875623030L, 0x4761746577793030L,
                    0x4769744b65793030L}),
            Map.entry("AzFu", new long[] {0x46756e6374693030L, 0x53797374656d3030L, 0x4d61737465723030L}),
            Map.entry("+ASb", new long[] {0x53656e6430303030L, 0x4c697374656e3030L, 0x4d616e6167653030L,
                    0x53797374656d3030L}),
            Map.entry("+AEh", new long[] {0x53656e6430303030L, 0x4c697374656e3030L, 0x4d616e6167653030L,
                    0x53797374656d3030L}),
            Map.entry("+ARm", new long[] {0x53656e6430303030L, 0x4c697374656e3030L, 0x4d616e6167653030L}));

    private Validators() {}

    static boolean validate(String name, String match, String secret) {
        return switch (name) {
            case "crc32-base62" -> crc32Base62(secret);
            case "jwt" -> jwt(secret);
            case "ghs-jwt" -> ghsJwt(secret);
            case "private-key" -> PrivateKeys.valid(match, secret);
            case "azure-identifiable" -> azureIdentifiable(secret);
            case "gitlab-routable" -> gitlabRoutable(secret);
            case "basic-auth" -> basicAuth(secret);
            case "url-password" -> !Decoys.isPlaceholder(secret);
            default -> false;
        };
    }

    /** {@code prefix_} + random + 6 base62 digits of the random part's CRC32 (GitHub, npm, Coffer). */
    static boolean crc32Base62(String token) {
        int us = token.lastIndexOf('_');
        String body = token.substring(us + 1);
        if (body.length() < 7) {
            return false;
        }
        for (int i = 0; i < body.length(); i++) {
            if (Checksums.BASE62.indexOf(body.charAt(i)) < 0) {
                return false;
            }
        }
        String random = body.substring(0, body.length() - 6);
        return Checksums.crc32Base62(random, 6).equals(body.substring(body.length() - 6));
    }

    /** Three base64url parts; the header a JSON object naming {@code alg}, the payload a JSON object. */
    static boolean jwt(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[2].isEmpty()) {
            return false;
        }
        byte[] header = base64Url(parts[0]);
        byte[] payload = base64Url(parts[1]);
        return header != null && payload != null && jsonObject(header, "alg") && jsonObject(payload, null);
    }

    private static boolean ghsJwt(String token) {
        int second = token.indexOf('_', 4);
        return second > 0 && jwt(token.substring(second + 1));
    }

    static byte[] base64Url(String s) {
        try {
            return Base64.getUrlDecoder().decode(stripPadding(s));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String stripPadding(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '=') {
            end--;
        }
        return s.substring(0, end);
    }

    private static boolean jsonObject(byte[] json, String requiredField) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            boolean found = requiredField == null;
            int depth = 1;
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    return false;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (depth == 1 && t == JsonToken.FIELD_NAME && p.currentName().equals(requiredField)) {
                    found = true;
                }
            }
            return found && p.nextToken() == null;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Azure identifiable keys: base64 (standard or URL-safe) whose last 4 bytes are the Marvin32 checksum,
     * seeded per key kind, of the bytes before them, with a 4-character signature just before the checksum.
     */
    static boolean azureIdentifiable(String key) {
        String trimmed = stripPadding(key);
        if (trimmed.length() < 12) {
            return false;
        }
        long[] seeds = AZURE_SEEDS.get(trimmed.substring(trimmed.length() - 10, trimmed.length() - 6));
        if (seeds == null) {
            return false;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(trimmed.replace('-', '+').replace('_', '/'));
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (bytes.length < 8) {
            return false;
        }
        int n = bytes.length;
        int expected = (bytes[n - 4] & 0xff) | (bytes[n - 3] & 0xff) << 8 | (bytes[n - 2] & 0xff) << 16
                | (bytes[n - 1] & 0xff) << 24;
        for (long seed : seeds) {
            if (Checksums.marvin32(bytes, 0, n - 4, seed) == expected) {
                return true;
            }
        }
        return false;
    }

    /**
     * GitLab routable tokens: {@code prefix + base64url(payload) + "." [+ version(2) + "."] + length(2, base36)
     * + crc32(everything before, base36, 7)}.
     */
    static boolean gitlabRoutable(String token) {
        if (token.length() < 12) {
            return false;
        }
        String body = token.substring(0, token.length() - 7);
        if (!Checksums.crc32Base36(body, 7).equals(token.substring(token.length() - 7))) {
            return false;
        }
        int dot = body.indexOf('.');
        int dash = body.indexOf('-');
        if (dot < 0 || dash < 0 || dash > dot) {
            return false;
        }
        String payload = body.substring(dash + 1, dot);
        String lengthHolder = body.substring(body.length() - 2);
        try {
            return Integer.parseInt(lengthHolder, 36) == payload.length();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** base64 of {@code user:password}, both printable and the password no placeholder (Docker config auth). */
    static boolean basicAuth(String b64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String s = new String(raw, StandardCharsets.UTF_8);
        int colon = s.indexOf(':');
        if (colon < 1 || colon == s.length() - 1) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < 0x20 || s.charAt(i) == 0x7f || s.charAt(i) == '\uFFFD') {
                return false;
            }
        }
        return !Decoys.isPlaceholder(s.substring(colon + 1));
    }
}
