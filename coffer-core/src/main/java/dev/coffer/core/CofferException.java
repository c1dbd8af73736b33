package dev.coffer.core;

/**
 * The one exception callers of the core see. Its {@link Kind} decides the HTTP status and its
 * message is shown to the client verbatim, so a message never contains a secret value.
 */
public class CofferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, as a client must be told, with the one HTTP status Vault answers it with. */
    public enum Kind {
        INVALID_REQUEST(400),
        PERMISSION_DENIED(403),
        NOT_FOUND(404),
        UNSUPPORTED_OPERATION(405),
        PAYLOAD_TOO_LARGE(413),
        NOT_INITIALIZED(501),
        SEALED(503),
        UNAVAILABLE(503),
        INTERNAL(500);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        public int httpStatus() {
            return httpStatus;
        }
    }

    private final Kind kind;

    public CofferException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public CofferException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static CofferException invalid(String message) {
        return new CofferException(Kind.INVALID_REQUEST, message);
    }

    public static CofferException permissionDenied() {
        return new CofferException(Kind.PERMISSION_DENIED, "permission denied");
    }

    public static CofferException notFound(String message) {
        return new CofferException(Kind.NOT_FOUND, message);
    }

    public static CofferException unsupported(String message) {
        return new CofferException(Kind.UNSUPPORTED_OPERATION, message);
    }

    public static CofferException sealed() {
        return new CofferException(Kind.SEALED, "Vault is sealed");
    }

    public static CofferException notInitialized() {
        return new CofferException(Kind.NOT_INITIALIZED, "Vault is not initialized");
    }
}
