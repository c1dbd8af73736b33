package dev.coffer.core.barrier;

import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.Aead;
import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.storage.Storage;
import dev.coffer.core.storage.StorageOp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * AES-256-GCM barrier. Each stored value is {@code 0x01 | term(4) | nonce(12) | ciphertext | tag}
 * and is authenticated together with its header and its storage key, so a value copied to another
 * key, or relabelled with another term, fails to decrypt.
 */
public final class AesGcmBarrier implements Barrier {
    static final String KEYRING_KEY = RAW_PREFIX + "keyring";
    private static final byte FORMAT = 1;
    private static final int HEADER = 5;

    private final Storage physical;
    private final Clock clock;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private Keyring keyring;
    private SecretBytes rootKey;

    public AesGcmBarrier(Storage physical, Clock clock) {
        this.physical = physical;
        this.clock = clock;
    }

    @Override
    public void initialize(SecretBytes rootKey) {
        lock.writeLock().lock();
        try {
            Keyring fresh = Keyring.create(clock.instant());
            physical.put(KEYRING_KEY, sealKeyring(rootKey, fresh));
            install(rootKey, fresh);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void unseal(SecretBytes rootKey) {
        lock.writeLock().lock();
        try {
            byte[] stored = physical.get(KEYRING_KEY)
                    .orElseThrow(() -> new CofferException(CofferException.Kind.INTERNAL,
                            "the keyring is missing from storage"));
            byte[] plain;
            try {
                plain = Aead.decrypt(rootKey, stored, KEYRING_KEY.getBytes(StandardCharsets.UTF_8));
            } catch (Aead.DecryptionException e) {
                throw new CofferException(CofferException.Kind.INTERNAL,
                        "the root key does not open the keyring: " + e.getMessage());
            }
            try {
                install(rootKey, Keyring.deserialize(plain));
            } finally {
                java.util.Arrays.fill(plain, (byte) 0);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void install(SecretBytes root, Keyring ring) {
        if (keyring != null) {
            keyring.destroy();
        }
        if (rootKey != null && rootKey != root) {
            rootKey.destroy();
        }
        keyring = ring;
        rootKey = SecretBytes.wrap(root.bytes()); // bytes() is already a copy: no second one left behind
    }

    private static byte[] sealKeyring(SecretBytes root, Keyring ring) {
        byte[] plain = ring.serialize();
        try {
            return Aead.encrypt(root, plain, KEYRING_KEY.getBytes(StandardCharsets.UTF_8));
        } finally {
            java.util.Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public void seal() {
        lock.writeLock().lock();
        try {
            if (keyring != null) {
                keyring.destroy();
                keyring = null;
            }
            if (rootKey != null) {
                rootKey.destroy();
                rootKey = null;
            }
            dev.coffer.core.crypto.Aead.discardCachedCiphers();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public boolean isSealed() {
        lock.readLock().lock();
        try {
            return keyring == null;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public KeyStatus rotate() {
        lock.writeLock().lock();
        try {
            Keyring ring = requireUnsealed();
            Keyring next = ring.rotate(clock.instant());
            physical.put(KEYRING_KEY, sealKeyring(rootKey, next));
            // Old key objects are shared with the new keyring: only the map is new.
            keyring = next;
            return status(next);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public KeyStatus keyStatus() {
        lock.readLock().lock();
        try {
            return status(requireUnsealed());
        } finally {
            lock.readLock().unlock();
        }
    }

    private static KeyStatus status(Keyring ring) {
        Keyring.Key k = ring.active();
        return new KeyStatus(k.term(), k.installTime(), ring.size());
    }

    private Keyring requireUnsealed() {
        if (keyring == null) {
            throw CofferException.sealed();
        }
        return keyring;
    }

    private static void checkKey(String key) {
        if (key == null || key.startsWith(RAW_PREFIX)) {
            throw new IllegalArgumentException("key is reserved for the seal: " + key);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        checkKey(key);
        lock.readLock().lock();
        try {
            Keyring ring = requireUnsealed();
            Optional<byte[]> stored = physical.get(key);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(open(ring, key, stored.get()));
        } finally {
            lock.readLock().unlock();
        }
    }

    private static byte[] open(Keyring ring, String key, byte[] stored) {
        if (stored.length < HEADER + Aead.OVERHEAD || stored[0] != FORMAT) {
            throw new CofferException(CofferException.Kind.INTERNAL,
                    "stored value at " + key + " is not a barrier entry");
        }
        int term = ByteBuffer.wrap(stored, 1, 4).getInt();
        Keyring.Key k = ring.term(term);
        if (k == null) {
            throw new CofferException(CofferException.Kind.INTERNAL,
                    "stored value at " + key + " names unknown key term " + term);
        }
        byte[] body = java.util.Arrays.copyOfRange(stored, HEADER, stored.length);
        try {
            return Aead.decrypt(k.key(), body, associatedData(stored, key));
        } catch (Aead.DecryptionException e) {
            throw new CofferException(CofferException.Kind.INTERNAL,
                    "stored value at " + key + " failed authentication: " + e.getMessage());
        }
    }

    private static byte[] associatedData(byte[] header, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[HEADER + k.length];
        System.arraycopy(header, 0, aad, 0, HEADER);
        System.arraycopy(k, 0, aad, HEADER, k.length);
        return aad;
    }

    private static byte[] seal(Keyring ring, String key, byte[] plaintext) {
        Keyring.Key k = ring.active();
        byte[] header = ByteBuffer.allocate(HEADER).put(FORMAT).putInt(k.term()).array();
        byte[] body = Aead.encrypt(k.key(), plaintext, associatedData(header, key));
        byte[] out = new byte[HEADER + body.length];
        System.arraycopy(header, 0, out, 0, HEADER);
        System.arraycopy(body, 0, out, HEADER, body.length);
        return out;
    }

    @Override
    public void put(String key, byte[] value) {
        checkKey(key);
        lock.readLock().lock();
        try {
            physical.put(key, seal(requireUnsealed(), key, value));
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void delete(String key) {
        checkKey(key);
        lock.readLock().lock();
        try {
            requireUnsealed();
            physical.delete(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public List<String> list(String prefix) {
        lock.readLock().lock();
        try {
            requireUnsealed();
            List<String> names = physical.list(prefix);
            if (prefix.isEmpty()) {
                names = new ArrayList<>(names);
                names.remove(RAW_PREFIX);
            } else if (prefix.startsWith(RAW_PREFIX)) {
                return List.of();
            }
            return names;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void transact(List<StorageOp> ops) {
        lock.readLock().lock();
        try {
            Keyring ring = requireUnsealed();
            List<StorageOp> sealed = new ArrayList<>(ops.size());
            for (StorageOp op : ops) {
                checkKey(op.key());
                sealed.add(op instanceof StorageOp.Put p
                        ? StorageOp.put(p.key(), seal(ring, p.key(), p.value()))
                        : op);
            }
            physical.transact(sealed);
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public String type() {
        return physical.type();
    }

    @Override
    public void close() {
        seal();
        physical.close();
    }
}
