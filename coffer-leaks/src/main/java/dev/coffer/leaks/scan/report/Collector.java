package dev.coffer.leaks.scan.report;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.ScanListener;
import dev.coffer.leaks.scan.Skipped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Gathers findings and skipped parts from every scanning thread; hands them back in a stable order. */
public final class Collector implements ScanListener {
    private static final Comparator<String> NULLS_FIRST = Comparator.nullsFirst(Comparator.naturalOrder());
    private static final Comparator<Origin> ORIGIN = Comparator.comparing(Origin::path)
            .thenComparing(Origin::layer, NULLS_FIRST)
            .thenComparing(Origin::date, NULLS_FIRST)
            .thenComparing(Origin::commit, NULLS_FIRST);
    private final List<Finding> findings = new ArrayList<>();
    private final List<Skipped> skipped = new ArrayList<>();

    @Override
    public synchronized void finding(Finding finding) {
        findings.add(finding);
    }

    @Override
    public synchronized void skipped(Skipped s) {
        skipped.add(s);
    }

    /** By path, layer, commit date, line, column and rule. */
    public synchronized List<Finding> findings() {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::origin, ORIGIN).thenComparingInt(Finding::line)
                .thenComparingInt(Finding::column).thenComparing(Finding::ruleId));
        return sorted;
    }

    /** By path, layer and commit. */
    public synchronized List<Skipped> skipped() {
        List<Skipped> sorted = new ArrayList<>(skipped);
        sorted.sort(Comparator.comparing(Skipped::origin, ORIGIN).thenComparing(Skipped::reason));
        return sorted;
    }
}
