package dev.coffer.cli.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A field of a secret's data as the bytes to inject: a string as its UTF-8 bytes, a number or a
 * boolean as its JSON text, an object or a list as compact JSON.
 */
final class FieldValue {
    private FieldValue() {}

    /**
     * Puts the value of {@code ref}'s field into {@code into}.
     *
     * @return null, or why there is no value (naming fields, never values)
     */
    static String extract(Map<String, Object> fields, SecretRef ref, Map<SecretRef, SecretValue> into) {
        String name = ref.field();
        if (!fields.containsKey(name)) {
            return fields.isEmpty() ? "the secret has no fields"
                    : "the secret has no field '" + name + "' (it has: " + String.join(", ", new TreeSet<>(fields.keySet())) + ")";
        }
        Object v = fields.get(name);
        if (v == null) {
            return "field '" + name + "' is null";
        }
        into.put(ref, SecretValue.of(text(v)));
        return null;
    }

    private static String text(Object v) {
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return Mapper.JSON.writeValueAsString(v);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write a field as JSON", e);
            }
        }
        return String.valueOf(v);
    }

    /** Loaded only for fields that are objects or lists. */
    private static final class Mapper {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
