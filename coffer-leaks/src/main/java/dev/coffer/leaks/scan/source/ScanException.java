package dev.coffer.leaks.scan.source;

/** The scan as a whole cannot be done (not a Git repository, not an image, git failed); the message says why. */
public final class ScanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ScanException(String message) {
        super(message);
    }

    public ScanException(String message, Throwable cause) {
        super(message, cause);
    }
}
