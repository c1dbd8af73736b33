package dev.coffer.core.barrier;

import dev.coffer.core.crypto.SecretBytes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The barrier's data keys by term. New writes use the active (highest) term; every older term
 * still decrypts what it wrote. Immutable: {@link #rotate} returns a new keyring.
 *
 * <p>Serialised as {@code version(1) | activeTerm(4) | count(4) | {term(4) installMillis(8)
 * key(32)}*} so the key bytes never pass through a {@code String}.
 */
final class Keyring {
    private static final byte FORMAT = 1;

    record Key(int term, SecretBytes key, Instant installTime) {}

    private final SortedMap<Integer, Key> keys;

    private Keyring(SortedMap<Integer, Key> keys) {
        this.keys = Collections.unmodifiableSortedMap(keys);
    }

    static Keyring create(Instant now) {
        TreeMap<Integer, Key> k = new TreeMap<>();
        k.put(1, new Key(1, SecretBytes.random(32), now));
        return new Keyring(k);
    }

    Keyring rotate(Instant now) {
        TreeMap<Integer, Key> k = new TreeMap<>(keys);
        int term = active().term() + 1;
        k.put(term, new Key(term, SecretBytes.random(32), now));
        return new Keyring(k);
    }

    Key active() {
        return keys.get(keys.lastKey());
    }

    Key term(int term) {
        return keys.get(term);
    }

    int size() {
        return keys.size();
    }

    byte[] serialize() {
        ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + keys.size() * (4 + 8 + 32));
        b.put(FORMAT).putInt(active().term()).putInt(keys.size());
        for (Key k : keys.values()) {
            byte[] raw = k.key().bytes();
            b.putInt(k.term()).putLong(k.installTime().toEpochMilli()).put(raw);
            java.util.Arrays.fill(raw, (byte) 0);
        }
        return b.array();
    }

    static Keyring deserialize(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        if (data.length < 9 || b.get() != FORMAT) {
            throw new IllegalStateException("keyring has an unknown format");
        }
        int activeTerm = b.getInt();
        int count = b.getInt();
        if (count < 1 || data.length != 9 + count * 44) {
            throw new IllegalStateException("keyring is truncated");
        }
        TreeMap<Integer, Key> k = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            int term = b.getInt();
            Instant installed = Instant.ofEpochMilli(b.getLong());
            byte[] raw = new byte[32];
            b.get(raw);
            k.put(term, new Key(term, SecretBytes.wrap(raw), installed));
        }
        if (k.lastKey() != activeTerm) {
            throw new IllegalStateException("keyring's active term is not its newest");
        }
        return new Keyring(k);
    }

    void destroy() {
        keys.values().forEach(k -> k.key().destroy());
    }

    @Override
    public String toString() {
        return "Keyring[terms=" + keys.keySet() + ", keys=[redacted]]";
    }
}
