package dev.coffer.auth.approle;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A secret id's {@code metadata}: as in Vault, a string holding a JSON object of string values
 * ({@code "{\"team\":\"ci\"}"}). It lands in the token's metadata at login.
 */
final class SecretIdMetadata {
    static final int MAX_KEYS = 64;
    static final int MAX_KEY = 128;
    static final int MAX_VALUE = 1024;
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String SHAPE = "metadata must be a JSON object of string values, such as {\"team\":\"ci\"}";

    private SecretIdMetadata() {}

    static Map<String, String> parse(String text) {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException | RuntimeException e) {
            throw CofferException.invalid("field 'metadata' is not valid JSON: " + SHAPE);
        }
        if (root == null || !root.isObject()) {
            throw CofferException.invalid("field 'metadata': " + SHAPE);
        }
        if (root.size() > MAX_KEYS) {
            throw CofferException.invalid("field 'metadata' has more than " + MAX_KEYS + " keys");
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (key.isEmpty() || key.length() > MAX_KEY) {
                throw CofferException.invalid("field 'metadata': keys must be 1 to " + MAX_KEY + " characters");
            }
            if (!e.getValue().isTextual()) {
                throw CofferException.invalid("field 'metadata': the value of '" + key + "' must be a string");
            }
            String value = e.getValue().textValue();
            if (value.length() > MAX_VALUE) {
                throw CofferException.invalid("field 'metadata': the value of '" + key + "' is longer than "
                        + MAX_VALUE + " characters");
            }
            out.put(key, value);
        }
        return out;
    }
}
