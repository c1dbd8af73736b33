package dev.coffer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * JSON as Vault's CLI indents it ({@code json.MarshalIndent} with two spaces): {@code "key": value},
 * one array element per line, {@code {}} and {@code []} for empty ones. Key order is the server's.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    static String pretty(Object value) {
        StringBuilder b = new StringBuilder();
        write(b, value, "");
        return b.toString();
    }

    private static void write(StringBuilder b, Object v, String indent) {
        if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                b.append("{}");
                return;
            }
            b.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(indent).append("  ").append(string(String.valueOf(e.getKey()))).append(": ");
                write(b, e.getValue(), indent + "  ");
                b.append(++i < m.size() ? ",\n" : "\n");
            }
            b.append(indent).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                b.append("[]");
                return;
            }
            b.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                b.append(indent).append("  ");
                write(b, l.get(i), indent + "  ");
                b.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            b.append(indent).append(']');
        } else if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            b.append(string(s));
        } else if (v instanceof BigDecimal d) {
            b.append(d.toString());
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else {
            b.append(string(String.valueOf(v)));
        }
    }

    static String string(String s) {
        try {
            return MAPPER.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a JSON object (stdin and {@code @file} data), keeping numbers exact. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> parseObject(String text, String source) {
        try {
            Object o = MAPPER.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).forType(Object.class).readValue(text);
            if (o instanceof Map<?, ?> m) {
                return (Map<String, Object>) m;
            }
            throw new CliFailure(1, "Failed to parse K=V data: " + source + " must hold a JSON object");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new CliFailure(1, "Failed to parse K=V data: " + source + " is not valid JSON: " + e.getOriginalMessage() + where);
        }
    }
}
