package dev.coffer.leaks.scan;

/** Something the scan did not (fully) read, with the reason, so reports can say so. */
public record Skipped(Origin origin, String reason, long bytes) {}
