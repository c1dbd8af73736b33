package dev.coffer.leaks.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Recall and precision of the built-in rules over the planted corpus, and a positive for every rule. */
class CorpusTest {
    private static final RuleDetector DETECTOR = new RuleDetector(RuleSet.defaults());

    @Test
    void recallAndPrecisionAreAtLeast97PercentAndEveryRuleFindsItsPositive() {
        List<Corpus.File> files = Corpus.render(20261126L, 9);
        int positives = 0;
        int found = 0;
        int findings = 0;
        int truePositives = 0;
        Set<String> rulesThatFound = new HashSet<>();
        List<String> missed = new ArrayList<>();
        List<String> falseAlarms = new ArrayList<>();
        for (Corpus.File file : files) {
            Recorder rec = new Recorder();
            DETECTOR.scan(Origin.file(file.path()), file.text().getBytes(StandardCharsets.UTF_8), rec);
            Set<String> planted = new HashSet<>();
            for (Corpus.Planted p : file.planted()) {
                planted.add(Secrets.sha256(p.secret()));
            }
            for (Finding f : rec.findings) {
                findings++;
                if (planted.contains(f.secretSha256())) {
                    truePositives++;
                } else {
                    falseAlarms.add(f.ruleId() + " " + f.origin().path() + ":" + f.line() + " " + f.preview());
                }
            }
            for (Corpus.Planted p : file.planted()) {
                positives++;
                String sha = Secrets.sha256(p.secret());
                boolean hit = rec.findings.stream().anyMatch(f -> f.ruleId().equals(p.rule()) && f.secretSha256().equals(sha)
                        && f.line() == p.line());
                if (hit) {
                    found++;
                    rulesThatFound.add(p.rule());
                } else {
                    missed.add(p.rule() + " " + p.path() + ":" + p.line() + " got " + rec.findings.stream()
                            .filter(f -> f.line() == p.line()).map(Finding::ruleId).toList());
                }
            }
        }
        double recall = (double) found / positives;
        double precision = findings == 0 ? 1 : (double) truePositives / findings;
        System.out.printf("corpus: %d positives, recall %.4f, precision %.4f (%d findings); false alarms: %s%n",
                positives, recall, precision, findings, falseAlarms);
        assertThat(recall).as("recall; missed: %s", missed).isGreaterThanOrEqualTo(0.97);
        assertThat(precision).as("precision; false alarms: %s", falseAlarms).isGreaterThanOrEqualTo(0.97);
        Set<String> withoutPositive = new TreeSet<>();
        for (Rule r : RuleSet.defaults().rules()) {
            if (!rulesThatFound.contains(r.id())) {
                withoutPositive.add(r.id());
            }
        }
        assertThat(withoutPositive).as("rules with no planted positive found; missed: %s", missed).isEmpty();
    }

    @Test
    void theBuiltInRulesCoverAtLeast150Formats() {
        assertThat(RuleSet.defaults().rules()).hasSizeGreaterThanOrEqualTo(150);
    }
}
