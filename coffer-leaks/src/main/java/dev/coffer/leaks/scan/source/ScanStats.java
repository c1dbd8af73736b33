package dev.coffer.leaks.scan.source;

/** What a source read: how many files, blobs or entries, and how many bytes of them were scanned. */
public record ScanStats(long items, long bytes) {}
