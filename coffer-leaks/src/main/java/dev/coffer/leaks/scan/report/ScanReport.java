package dev.coffer.leaks.scan.report;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Skipped;
import java.util.List;

/**
 * Everything a report format writes: the findings to report (those a baseline suppressed are only
 * counted), what was skipped, how much was scanned, and the tool and its rules.
 */
public record ScanReport(String toolVersion, String informationUri, List<RuleInfo> rules, List<Finding> findings,
                         List<Skipped> skipped, long scannedItems, long scannedBytes, int suppressed) {
    public ScanReport {
        rules = List.copyOf(rules);
        findings = List.copyOf(findings);
        skipped = List.copyOf(skipped);
    }
}
