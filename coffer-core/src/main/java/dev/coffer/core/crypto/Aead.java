package dev.coffer.core.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a random 96-bit nonce per message: {@code nonce || ciphertext || tag}. The only
 * mode Coffer uses for data at rest; callers choose associated data, never nonces or modes.
 */
public final class Aead {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BITS = 128;
    public static final int OVERHEAD = NONCE_BYTES + TAG_BITS / 8;

    /**
     * Cipher objects are reused: looking one up costs more than a small message's encryption. A
     * cipher remembers its last key, so the pool is emptied when the server seals
     * ({@link #discardCachedCiphers}), leaving no reachable copy of a key behind.
     */
    private static final java.util.concurrent.ConcurrentLinkedDeque<Cipher> POOL = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private static final int POOL_LIMIT = 64;
    private static final java.util.concurrent.atomic.AtomicInteger POOLED = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicLong GENERATION = new java.util.concurrent.atomic.AtomicLong();

    private Aead() {}

    private static Cipher borrow() throws GeneralSecurityException {
        Cipher c = POOL.pollFirst();
        if (c != null) {
            POOLED.decrementAndGet();
            return c;
        }
        return Cipher.getInstance("AES/GCM/NoPadding");
    }

    private static void giveBack(Cipher c, long generation) {
        if (generation != GENERATION.get() || POOLED.get() >= POOL_LIMIT) {
            return;
        }
        POOLED.incrementAndGet();
        POOL.offerFirst(c);
        if (generation != GENERATION.get()) {
            POOL.remove(c); // a seal emptied the pool meanwhile: this cipher saw a key of before it
        }
    }

    /** Drops every pooled cipher (on seal): none keeps a reachable copy of a key. */
    public static void discardCachedCiphers() {
        GENERATION.incrementAndGet();
        POOL.clear();
        POOLED.set(0);
    }

    public static byte[] encrypt(SecretBytes key, byte[] plaintext, byte[] associatedData) {
        checkKey(key);
        byte[] nonce = Random.bytes(NONCE_BYTES);
        byte[] k = key.bytes();
        long generation = GENERATION.get();
        try {
            Cipher c = borrow();
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(k, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(associatedData);
            byte[] out = new byte[NONCE_BYTES + c.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            c.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            giveBack(c, generation);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    /**
     * Decrypts and authenticates. Throws {@link DecryptionException} when the ciphertext, its
     * associated data or the key do not match — never returns unauthenticated bytes.
     */
    public static byte[] decrypt(SecretBytes key, byte[] message, byte[] associatedData) {
        checkKey(key);
        if (message.length < OVERHEAD) {
            throw new DecryptionException("ciphertext too short");
        }
        byte[] k = key.bytes();
        long generation = GENERATION.get();
        try {
            Cipher c = borrow();
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(k, "AES"),
                    new GCMParameterSpec(TAG_BITS, message, 0, NONCE_BYTES));
            c.updateAAD(associatedData);
            byte[] plain = c.doFinal(message, NONCE_BYTES, message.length - NONCE_BYTES);
            giveBack(c, generation);
            return plain;
        } catch (AEADBadTagException e) {
            throw new DecryptionException("message authentication failed");
        } catch (GeneralSecurityException e) {
            throw new DecryptionException("decryption failed: " + e.getClass().getSimpleName());
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    private static void checkKey(SecretBytes key) {
        if (key.length() != KEY_BYTES) {
            throw new IllegalArgumentException("AES-256-GCM needs a 32-byte key, got " + key.length());
        }
    }

    /** Authentication failed: wrong key, wrong associated data, or a changed ciphertext. */
    public static final class DecryptionException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DecryptionException(String message) {
            super(message);
        }
    }
}
