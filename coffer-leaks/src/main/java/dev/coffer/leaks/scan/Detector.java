package dev.coffer.leaks.scan;

/**
 * Finds credentials in one blob of bytes (a file, a git blob, a layer entry, stdin). Thread-safe:
 * sources call it from several threads at once. Binary or over-long content is skipped or sampled
 * and reported through {@link ScanListener#skipped}; a scan never throws for bad input.
 */
public interface Detector {
    void scan(Origin origin, byte[] data, int offset, int length, ScanListener out);

    default void scan(Origin origin, byte[] data, ScanListener out) {
        scan(origin, data, 0, data.length, out);
    }
}
