package dev.coffer.leaks.scan;

/**
 * Where scanned bytes came from. {@code path} is always set (a file path relative to the scan
 * root, {@code -} for stdin, or a path inside an image layer); the other parts are {@code null}
 * unless the source has them: git history fills commit, author, email, date (ISO-8601) and
 * message; an image scan fills layer (the layer's digest or {@code config} for the image config).
 */
public record Origin(String path, String commit, String author, String email, String date, String message,
                     String layer) {

    public Origin {
        if (path == null) {
            throw new IllegalArgumentException("path is required");
        }
    }

    public static Origin file(String path) {
        return new Origin(path, null, null, null, null, null, null);
    }

    public static Origin commit(String path, String commit, String author, String email, String date, String message) {
        return new Origin(path, commit, author, email, date, message, null);
    }

    public static Origin layer(String path, String layer) {
        return new Origin(path, null, null, null, null, null, layer);
    }
}
