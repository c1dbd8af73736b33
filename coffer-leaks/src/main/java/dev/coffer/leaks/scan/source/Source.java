package dev.coffer.leaks.scan.source;

import dev.coffer.leaks.scan.Detector;
import dev.coffer.leaks.scan.ScanListener;
import java.io.IOException;

/**
 * Somewhere credentials can hide: a working tree, stdin, Git history, the staged changes, an image.
 * A source reads its content, hands each piece to the detector (on several threads) and returns
 * what it read. Parts it cannot read go to {@link ScanListener#skipped}; a source throws only when
 * the scan as a whole cannot be done (a missing path, not a Git repository, not an image).
 */
public interface Source {
    ScanStats scan(Detector detector, ScanListener listener) throws IOException;
}
