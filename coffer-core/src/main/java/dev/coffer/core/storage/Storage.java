package dev.coffer.core.storage;

import java.util.List;
import java.util.Optional;

/**
 * Bytes by key: the physical layer under the barrier. Keys are slash-separated paths
 * ({@code logical/3f2c/app/db}); values are opaque bytes. Implementations are thread-safe.
 *
 * <p>Keys are non-null, valid UTF-16 strings; implementations refuse others with an
 * {@link IllegalArgumentException} or {@link NullPointerException} and change nothing. After
 * {@link #close()} every call throws {@link StorageException}; closing twice does nothing.
 *
 * <p>Every method throws {@link StorageException} when the medium fails; a failed call changes
 * nothing. An acknowledged {@code put}, {@code delete} or {@code transact} is durable.
 */
public interface Storage extends AutoCloseable {

    /** The value stored at {@code key}, or empty. */
    Optional<byte[]> get(String key);

    /** Stores {@code value} at {@code key}, replacing any value there. */
    void put(String key, byte[] value);

    /** Removes {@code key}; removing a missing key is not an error. */
    void delete(String key);

    /**
     * The names directly below {@code prefix}, sorted: a key {@code prefix + "a"} lists as
     * {@code "a"}, and any key {@code prefix + "d/..."} lists once as {@code "d/"} (Vault's list
     * semantics). Sorted by Unicode code point, which is UTF-8 byte order. {@code prefix} is empty
     * or ends with {@code /}; the names are what follows it, so {@code list("a")} over {@code a/x}
     * gives {@code "/"}.
     */
    List<String> list(String prefix);

    /** Applies all operations atomically, in order: either every one is durable or none is. */
    void transact(List<StorageOp> ops);

    /** A short name for status output: {@code memory}, {@code sqlite}, ... */
    String type();

    @Override
    void close();
}
