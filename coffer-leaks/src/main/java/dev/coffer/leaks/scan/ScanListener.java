package dev.coffer.leaks.scan;

/** Receives what a scan finds. Called from scanning threads: implementations must be thread-safe. */
public interface ScanListener {
    void finding(Finding finding);

    void skipped(Skipped skipped);
}
