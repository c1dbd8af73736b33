package dev.coffer.engines.kv;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import java.io.IOException;
import java.util.Map;

/** JSON encoding of stored KV values, and the per-secret size limit. */
final class KvJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private KvJson() {}

    static byte[] encodeSecret(Map<String, Object> data, int maxBytes) {
        byte[] b = encode(data);
        if (b.length > maxBytes) {
            throw new CofferException(CofferException.Kind.PAYLOAD_TOO_LARGE,
                    "secret is " + b.length + " bytes; this mount allows at most " + maxBytes);
        }
        return b;
    }

    static byte[] encode(Object o) {
        try {
            return MAPPER.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a KV value", e);
        }
    }

    static Map<String, Object> decodeMap(byte[] b) {
        try {
            return MAPPER.readValue(b, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "stored KV value is unreadable", e);
        }
    }

    static <T> T decode(byte[] b, Class<T> type) {
        try {
            return MAPPER.readValue(b, type);
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "stored KV value is unreadable", e);
        }
    }
}
