package dev.coffer.leaks.scan.source;

/**
 * How a source scans: {@code threads} detector threads, at most {@code maxBlobBytes} of one file,
 * blob or layer entry read into memory (the rest is reported as skipped), at most
 * {@code maxInFlightBytes} of content held by queued and running scans at once (so memory stays flat
 * however large the tree or history), and whether a working tree is listed through Git
 * ({@code .gitignore} respected) when it is inside a Git work tree.
 */
public record ScanOptions(int threads, long maxBlobBytes, long maxInFlightBytes, boolean useGit) {
    /** 32 MiB: larger files are scanned up to this size; the rest is reported as skipped. */
    public static final long DEFAULT_MAX_BLOB_BYTES = 32L << 20;

    public ScanOptions {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: must be at least 1, was " + threads);
        }
        if (maxBlobBytes < 1 || maxBlobBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("max file size: must be between 1 byte and 2 GiB, was " + maxBlobBytes);
        }
        if (maxInFlightBytes < maxBlobBytes) {
            maxInFlightBytes = maxBlobBytes;
        }
        if (maxInFlightBytes > Integer.MAX_VALUE) {
            maxInFlightBytes = Integer.MAX_VALUE;
        }
    }

    /** One thread per processor, 32 MiB per file, twice that in flight, Git used when present. */
    public static ScanOptions defaults() {
        return new ScanOptions(Runtime.getRuntime().availableProcessors(), DEFAULT_MAX_BLOB_BYTES,
                2 * DEFAULT_MAX_BLOB_BYTES, true);
    }

    public ScanOptions withThreads(int n) {
        return new ScanOptions(n, maxBlobBytes, maxInFlightBytes, useGit);
    }

    public ScanOptions withMaxBlobBytes(long n) {
        return new ScanOptions(threads, n, Math.max(2 * n, maxInFlightBytes), useGit);
    }

    public ScanOptions withUseGit(boolean git) {
        return new ScanOptions(threads, maxBlobBytes, maxInFlightBytes, git);
    }
}
