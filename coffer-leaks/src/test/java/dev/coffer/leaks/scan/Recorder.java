package dev.coffer.leaks.scan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Collects what a scan reports. */
final class Recorder implements ScanListener {
    final List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
    final List<Skipped> skipped = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void finding(Finding finding) {
        findings.add(finding);
    }

    @Override
    public void skipped(Skipped s) {
        skipped.add(s);
    }
}
