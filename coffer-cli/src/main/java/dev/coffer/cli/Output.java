package dev.coffer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints an answer as Vault's CLI does: an aligned Key/Value table, or JSON with {@code -format=json}. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Output() {}

    static void print(String format, Object json, Map<String, Object> rows) {
        if ("json".equalsIgnoreCase(format)) {
            try {
                System.out.println(JSON.writeValueAsString(json));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return;
        }
        if (!"table".equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("unknown -format '" + format + "': use table or json");
        }
        table(rows);
    }

    static void table(Map<String, Object> rows) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("Key", "Value");
        r.put("---", "-----");
        r.putAll(rows);
        int w = r.keySet().stream().mapToInt(String::length).max().orElse(3);
        r.forEach((k, v) -> System.out.println(String.format("%-" + w + "s    %s", k, v == null ? "n/a" : v)));
    }
}
