package dev.coffer.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.coffer.core.CofferException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON in and out of the API. Parse errors name the place, never echo the input (it may be a secret). */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private Json() {}

    /** An empty body is an empty object; anything but a JSON object is refused. */
    static Map<String, Object> parseObject(byte[] body) {
        if (body.length == 0 || isBlank(body)) {
            return new LinkedHashMap<>();
        }
        Object parsed;
        try {
            parsed = MAPPER.readValue(body, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw CofferException.invalid("failed to parse JSON input: malformed JSON" + where);
        } catch (IOException e) {
            throw CofferException.invalid("failed to parse JSON input: " + e.getClass().getSimpleName());
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw CofferException.invalid("failed to parse JSON input: the body must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) m;
        return out;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode response", e);
        }
    }
}
