package dev.coffer.auth.approle;

import dev.coffer.auth.StoredJson;
import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.Random;
import dev.coffer.core.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Roles' ids and secret ids in the mount's storage. Neither is stored in the clear: each is
 * stored under its HMAC-SHA256 with a random per-mount key ({@code hmac-key}), so a look-up is by
 * hash and no stored value is compared with the presented one. Layout:
 * <pre>
 *   hmac-key                               32 random bytes
 *   role-id/&lt;hmac(role id)&gt;              {"role": name}
 *   secret-id/&lt;role&gt;/&lt;hmac(secret id)&gt;   {@link SecretId}
 *   accessor/&lt;role&gt;/&lt;accessor&gt;           {"hash": hmac(secret id)}
 * </pre>
 * Every change to one role's secret ids happens under that role's lock, so two logins cannot
 * both spend the last use of a secret id.
 */
final class SecretIdStore {
    private static final int STRIPES = 64;

    private final Storage storage;
    private final Clock clock;
    private final Object[] locks = new Object[STRIPES];
    private volatile byte[] key;

    SecretIdStore(Storage storage, Clock clock) {
        this.storage = storage;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /** The lock of one role's secret ids. */
    Object lock(String role) {
        return locks[Math.floorMod(role.hashCode(), STRIPES)];
    }

    /** 128 random bits in the shape of a UUID, as Vault's ids look. */
    static String newId() {
        String h = HexFormat.of().formatHex(Random.bytes(16));
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    String hash(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new CofferException(CofferException.Kind.INTERNAL, "HMAC-SHA256 is not available");
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (key == null) {
                key = storage.get("hmac-key").orElseGet(() -> {
                    byte[] fresh = Random.bytes(32);
                    storage.put("hmac-key", fresh);
                    return fresh;
                });
            }
            return key;
        }
    }

    // role ids

    Optional<String> roleOf(String roleId) {
        return StoredJson.get(storage, "role-id/" + hash(roleId)).map(m -> (String) m.get("role"));
    }

    void bindRoleId(String roleId, String role) {
        StoredJson.put(storage, "role-id/" + hash(roleId), Map.of("role", role));
    }

    void unbindRoleId(String roleId) {
        storage.delete("role-id/" + hash(roleId));
    }

    // secret ids (callers hold lock(role) for changes)

    Optional<SecretId> get(String role, String secretIdHash) {
        return StoredJson.get(storage, "secret-id/" + role + "/" + secretIdHash).map(SecretId::of);
    }

    boolean exists(String role, String secretIdHash) {
        return storage.get("secret-id/" + role + "/" + secretIdHash).isPresent();
    }

    void put(String role, String secretIdHash, SecretId s) {
        StoredJson.put(storage, "secret-id/" + role + "/" + secretIdHash, s.stored());
        StoredJson.put(storage, "accessor/" + role + "/" + s.accessor(), Map.of("hash", secretIdHash));
    }

    void delete(String role, String secretIdHash, SecretId s) {
        storage.delete("secret-id/" + role + "/" + secretIdHash);
        storage.delete("accessor/" + role + "/" + s.accessor());
    }

    /** The hash of the secret id an accessor stands for. */
    Optional<String> hashOfAccessor(String role, String accessor) {
        if (accessor.isEmpty() || accessor.contains("/")) {
            return Optional.empty();
        }
        return StoredJson.get(storage, "accessor/" + role + "/" + accessor).map(m -> (String) m.get("hash"));
    }

    List<String> accessors(String role) {
        return storage.list("accessor/" + role + "/");
    }

    /**
     * The live secret id of this hash; an expired one is deleted on the way and reported absent.
     * Callers hold {@code lock(role)}.
     */
    Optional<SecretId> live(String role, String secretIdHash) {
        Optional<SecretId> s = get(role, secretIdHash);
        if (s.isPresent() && s.get().expiredAt(clock.instant())) {
            delete(role, secretIdHash, s.get());
            return Optional.empty();
        }
        return s;
    }

    /** Spends one use: the last use deletes the secret id. Callers hold {@code lock(role)}. */
    void spend(String role, String secretIdHash, SecretId s) {
        Instant now = clock.instant();
        if (s.numUses() == 1) {
            delete(role, secretIdHash, s);
        } else if (s.numUses() > 1) {
            put(role, secretIdHash, s.used(now));
        }
    }

    /** Deletes every secret id of a role. */
    void deleteAll(String role) {
        synchronized (lock(role)) {
            for (String accessor : accessors(role)) {
                hashOfAccessor(role, accessor).ifPresent(h -> storage.delete("secret-id/" + role + "/" + h));
                storage.delete("accessor/" + role + "/" + accessor);
            }
            for (String h : storage.list("secret-id/" + role + "/")) {
                storage.delete("secret-id/" + role + "/" + h);
            }
        }
    }
}
