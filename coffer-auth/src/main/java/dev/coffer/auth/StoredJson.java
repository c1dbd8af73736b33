package dev.coffer.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import dev.coffer.core.storage.Storage;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** JSON objects in an auth mount's storage view (the barrier below encrypts them). */
public final class StoredJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private StoredJson() {}

    /** The object at {@code key}, or empty. */
    public static Optional<Map<String, Object>> get(Storage storage, String key) {
        return storage.get(key).map(StoredJson::decode);
    }

    public static void put(Storage storage, String key, Map<String, Object> value) {
        storage.put(key, encode(value));
    }

    public static byte[] encode(Map<String, Object> value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "cannot encode a stored entry");
        }
    }

    public static Map<String, Object> decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, MAP);
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "a stored entry is corrupt");
        }
    }
}
