package dev.coffer.core.barrier;

import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.storage.Storage;

/**
 * Storage that encrypts every value before it reaches the physical {@link Storage} below it.
 * While sealed, every data call throws a sealed {@link dev.coffer.core.CofferException}.
 */
public interface Barrier extends Storage {

    /** Keys below this prefix belong to the seal and the keyring, written raw; the barrier refuses them. */
    String RAW_PREFIX = "raw/";

    /** Creates a fresh keyring protected by {@code rootKey} and leaves the barrier unsealed. */
    void initialize(SecretBytes rootKey);

    /** Loads the keyring with {@code rootKey}; throws if the key does not open it. */
    void unseal(SecretBytes rootKey);

    /** Forgets and wipes every key. Waits for calls in flight. */
    void seal();

    boolean isSealed();

    /** Adds a new key term; new writes use it, old terms keep decrypting. */
    KeyStatus rotate();

    KeyStatus keyStatus();
}
