package dev.coffer.leaks.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scanner's detection engine: one Aho-Corasick pass over the bytes finds the rules' keywords; each
 * rule's RE2J pattern then runs only on the lines (or, on long lines, the 4 KiB windows) holding one of
 * its keywords, so the work is linear in the input. Candidates pass entropy, offline validation, decoy
 * and allowlist checks. Base64, hex and percent-encoded runs are decoded and scanned too, two levels
 * deep, within a per-scan budget. Binary content and the part of a line beyond 1 MiB are skipped and
 * reported. Immutable and thread-safe; a scan never throws.
 */
public final class RuleDetector implements Detector {
    /** Bytes of a line beyond this are skipped (minified or generated content) and reported. */
    static final int MAX_LINE = 1 << 20;

    private final RuleSet ruleSet;
    private final CompiledRule[] rules;
    private final KeywordAutomaton automaton;
    private final int[][] keywordRules;
    private final boolean[][] keywordAnchors;
    private final int[] keywordLength;
    private final CompiledAllowlist globalAllowlist;

    public RuleDetector(RuleSet rules) {
        this.ruleSet = rules;
        List<Rule> list = rules.rules();
        this.rules = new CompiledRule[list.size()];
        Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            this.rules[i] = CompiledRule.of(list.get(i));
            for (String k : list.get(i).keywords()) {
                byKeyword.computeIfAbsent(k.toLowerCase(java.util.Locale.ROOT), x -> new ArrayList<>()).add(i);
            }
        }
        List<String> keywords = new ArrayList<>(byKeyword.keySet());
        this.keywordRules = new int[keywords.size()][];
        this.keywordAnchors = new boolean[keywords.size()][];
        this.keywordLength = new int[keywords.size()];
        for (int k = 0; k < keywords.size(); k++) {
            this.keywordRules[k] = byKeyword.get(keywords.get(k)).stream().mapToInt(Integer::intValue).toArray();
            this.keywordAnchors[k] = new boolean[keywordRules[k].length];
            this.keywordLength[k] = keywords.get(k).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            for (int j = 0; j < keywordRules[k].length; j++) {
                keywordAnchors[k][j] = startsWithKeyword(list.get(keywordRules[k][j]), keywords.get(k));
            }
        }
        this.automaton = new KeywordAutomaton(keywords);
        this.globalAllowlist = new CompiledAllowlist(rules.allowlist());
    }

    /** The rules this detector runs. */
    public RuleSet ruleSet() {
        return ruleSet;
    }

    @Override
    public void scan(Origin origin, byte[] data, int offset, int length, ScanListener out) {
        if (origin == null || out == null || data == null) {
            return;
        }
        try {
            if (offset < 0 || length < 0 || offset > data.length - length) {
                out.skipped(new Skipped(origin, "invalid range", Math.max(0, length)));
                return;
            }
            if (globalAllowlist.allowsPath(origin.path())) {
                return;
            }
            if (Binary.isBinary(data, offset, length)) {
                out.skipped(new Skipped(origin, "binary content", length));
                return;
            }
            new ScanRun(this, origin, data, out, 0, new ScanRun.Budget()).run(offset, offset + length);
        } catch (RuntimeException | StackOverflowError e) {
            out.skipped(new Skipped(origin, "scan stopped by an internal error (" + e.getClass().getSimpleName() + ")",
                    length));
        }
    }

    /**
     * True when every match of the rule begins with the keyword itself ({@code \\b(ghp_...}): then the
     * pattern runs anchored at each keyword hit, which costs a few steps instead of a pass over the line.
     */
    private static boolean startsWithKeyword(Rule rule, String lowerKeyword) {
        if (rule.multiline()) {
            return false;
        }
        if (rule.regex().startsWith("(?i:(?:")) {
            return assignStartsWith(rule.regex(), lowerKeyword);
        }
        String regex = rule.regex().startsWith("\\b") ? rule.regex().substring(2) : rule.regex();
        regex = regex.startsWith("(") && !regex.startsWith("(?") ? regex.substring(1) : regex;
        for (String k : rule.keywords()) {
            if (k.toLowerCase(java.util.Locale.ROOT).equals(lowerKeyword) && regex.startsWith(quote(k))) {
                return true;
            }
        }
        return false;
    }

    /** For an {@code assign} rule: whether one of the name alternatives starts like the keyword. */
    private static boolean assignStartsWith(String regex, String lowerKeyword) {
        int end = regex.indexOf(")[a-z0-9_.-]{0,20})");
        if (end < 0 || lowerKeyword.length() < 2) {
            return false;
        }
        for (String alternative : regex.substring(7, end).split("\\|")) {
            String a = alternative.startsWith("(?:") ? alternative.substring(3) : alternative;
            if (a.toLowerCase(java.util.Locale.ROOT).startsWith(lowerKeyword.substring(0, 2))) {
                return true;
            }
        }
        return false;
    }

    private static String quote(String literal) {
        StringBuilder sb = new StringBuilder();
        for (char c : literal.toCharArray()) {
            if ("\\.$+*?()[]{}|^".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    boolean anchored(int keyword, int index) {
        return keywordAnchors[keyword][index];
    }

    int keywordLength(int keyword) {
        return keywordLength[keyword];
    }

    CompiledRule[] rules() {
        return rules;
    }

    KeywordAutomaton automaton() {
        return automaton;
    }

    int[] rulesOfKeyword(int keyword) {
        return keywordRules[keyword];
    }

    CompiledAllowlist globalAllowlist() {
        return globalAllowlist;
    }
}
