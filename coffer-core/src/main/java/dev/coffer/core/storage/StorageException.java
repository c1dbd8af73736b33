package dev.coffer.core.storage;

/** The storage medium failed (I/O error, database closed, corrupt file). Never carries values. */
public final class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
