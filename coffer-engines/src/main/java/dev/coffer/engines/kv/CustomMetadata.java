package dev.coffer.engines.kv;

import dev.coffer.core.CofferException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** {@code custom_metadata}: at most 64 pairs, keys up to 128 bytes, values up to 512 (Vault's limits). */
final class CustomMetadata {
    static final int MAX_PAIRS = 64;
    static final int MAX_KEY = 128;
    static final int MAX_VALUE = 512;

    private CustomMetadata() {}

    /** In a patch, a null value removes the key; elsewhere values must be strings. */
    static Map<String, String> validate(Object raw, boolean patch) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) raw).entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (k.isEmpty() || k.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_KEY) {
                throw CofferException.invalid("custom_metadata keys must be 1 to " + MAX_KEY + " bytes");
            }
            if (v == null && patch) {
                out.put(k, null);
                continue;
            }
            if (!(v instanceof String s)) {
                throw CofferException.invalid("custom_metadata value for '" + k + "' must be a string");
            }
            if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_VALUE) {
                throw CofferException.invalid("custom_metadata value for '" + k + "' is longer than " + MAX_VALUE + " bytes");
            }
            out.put(k, s);
        }
        if (out.size() > MAX_PAIRS) {
            throw CofferException.invalid("custom_metadata has more than " + MAX_PAIRS + " keys");
        }
        return out;
    }

    static Map<String, String> merge(Map<String, String> base, Map<String, String> patch) {
        Map<String, String> out = new TreeMap<>(base == null ? Map.of() : base);
        patch.forEach((k, v) -> {
            if (v == null) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        if (out.size() > MAX_PAIRS) {
            throw CofferException.invalid("custom_metadata has more than " + MAX_PAIRS + " keys");
        }
        return out;
    }
}
