package dev.coffer.auth.jwt;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import dev.coffer.core.storage.Storage;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The mount's storage: {@code config} and {@code role/<name>} as JSON, and the key source built
 * from the config (kept in memory, so a JWKS is fetched once and re-fetched only as
 * {@link RemoteKeys} allows).
 */
final class JwtStore {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String CONFIG = "config";
    private static final String ROLE = "role/";

    private final Storage storage;
    private final Clock clock;
    private JwtConfig keysFor;
    private KeySource keys;

    JwtStore(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
    }

    Optional<JwtConfig> config() {
        return storage.get(CONFIG).map(b -> read(b, JwtConfig.class));
    }

    /** Stores a config whose key source has already been checked (and, if remote, fetched). */
    synchronized void putConfig(JwtConfig config, KeySource checked) {
        storage.put(CONFIG, write(config));
        keysFor = config;
        keys = checked;
    }

    synchronized KeySource keySource(JwtConfig config) {
        if (keys == null || !config.equals(keysFor)) {
            keys = config.keySource(clock, false);
            keysFor = config;
        }
        return keys;
    }

    Optional<JwtRole> role(String name) {
        return storage.get(ROLE + name).map(b -> read(b, JwtRole.class));
    }

    void putRole(String name, JwtRole role) {
        storage.put(ROLE + name, write(role));
    }

    void deleteRole(String name) {
        storage.delete(ROLE + name);
    }

    List<String> roles() {
        return storage.list(ROLE).stream().filter(n -> !n.endsWith("/")).toList();
    }

    private static <T> T read(byte[] b, Class<T> type) {
        try {
            return JSON.readValue(b, type);
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "stored jwt " + type.getSimpleName()
                    + " could not be decoded");
        }
    }

    private static byte[] write(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (IOException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "jwt settings could not be encoded");
        }
    }
}
