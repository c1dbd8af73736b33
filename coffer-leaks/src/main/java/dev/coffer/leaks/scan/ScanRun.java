package dev.coffer.leaks.scan;

import com.google.re2j.Matcher;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One scan of one blob (or of one decoded run inside it): splits lines, feeds them to the keyword
 * automaton, runs the triggered rules on the line or on 4 KiB windows of a long line, and reports
 * findings. Not thread-safe: each scan makes its own.
 */
final class ScanRun implements KeywordAutomaton.Hits {
    static final int LONG_LINE = 16 * 1024;
    static final int CHUNK = 4096;
    static final int OVERLAP = 512;
    static final int WINDOW = 64 * 1024;
    static final int WINDOW_KEEP = 16 * 1024;
    static final int MAX_DEPTH = 2;

    /** Decoding budget shared by a scan and its decoded sub-scans, so memory and time stay bounded. */
    static final class Budget {
        long decodedBytes;
        boolean reported;
    }

    private record Key(int rule, int line, int column) {}

    record Candidate(int rule, int start, int end, String secret) {}

    private final RuleDetector detector;
    private final CompiledRule[] rules;
    final Origin origin;
    final byte[] data;
    final ScanListener out;
    final int depth;
    final Budget budget;
    private final boolean[] disabled;
    private final boolean[] assignRule;
    private final BitSet triggered;
    private final int[] covered;
    private final Set<Key> seen = new HashSet<>();
    private int end;
    private boolean chunked;
    private int lineStart;
    private int lineEnd;
    private int lineNo;
    private int chunk;
    private int charCursorPos;
    private int charCursorCount;
    private List<Decoding.Decoded> decoded = List.of();
    private final List<Object[]> lineFindings = new ArrayList<>();
    private final List<int[]> vetoed = new ArrayList<>();
    /** Pairs (rule, byte position) of rules to run anchored at a keyword hit in the current segment. */
    private int[] anchors = new int[16];
    private int anchorCount;

    ScanRun(RuleDetector detector, Origin origin, byte[] data, ScanListener out, int depth, Budget budget) {
        this.detector = detector;
        this.rules = detector.rules();
        this.origin = origin;
        this.data = data;
        this.out = out;
        this.depth = depth;
        this.budget = budget;
        this.disabled = new boolean[rules.length];
        this.assignRule = new boolean[rules.length];
        this.triggered = new BitSet(rules.length);
        this.covered = new int[rules.length];
        for (int i = 0; i < rules.length; i++) {
            disabled[i] = rules[i].allowlist().allowsPath(origin.path());
            assignRule[i] = rules[i].rule().regex().startsWith("(?i:(?:");
        }
    }

    RuleDetector detector() {
        return detector;
    }

    void run(int from, int to) {
        end = to;
        int pos = from;
        int line = 1;
        while (pos < to) {
            int le = pos;
            while (le < to && data[le] != '\n') {
                le++;
            }
            int eff = le;
            if (le - pos > RuleDetector.MAX_LINE) {
                eff = pos + RuleDetector.MAX_LINE;
                while (eff > pos && (data[eff] & 0xC0) == 0x80) {
                    eff--;
                }
                out.skipped(new Skipped(origin, "line " + line + " is longer than 1 MiB (minified or generated?): "
                        + "only its first 1 MiB was scanned", le - eff));
            }
            processLine(pos, eff, line);
            pos = le + 1;
            line++;
        }
    }

    private void processLine(int ls, int le, int line) {
        decoded = depth < MAX_DEPTH ? Decoding.scanLine(this, ls, le, line) : List.of();
        lineFindings.clear();
        lineStart = ls;
        lineEnd = le;
        lineNo = line;
        triggered.clear();
        charCursorPos = ls;
        charCursorCount = 0;
        chunked = le - ls > LONG_LINE;
        chunk = -1;
        anchorCount = 0;
        detector.automaton().scan(data, ls, le, this);
        if (!triggered.isEmpty() || anchorCount > 0) {
            if (chunked) {
                flushChunk();
            } else {
                runSegment(ls, le, 0);
            }
        }
        emitDecoded();
    }

    /** Findings in decoded runs, unless the same rule already found the encoded text itself. */
    private void emitDecoded() {
        for (Decoding.Decoded d : decoded) {
            for (Finding f : d.findings()) {
                boolean plain = lineFindings.stream().anyMatch(o -> o[0].equals(f.ruleId())
                        && (int) o[1] < d.end() && d.start() < (int) o[2]);
                if (!plain) {
                    out.finding(f);
                }
            }
        }
    }

    @Override
    public void hit(int keyword, int endPos) {
        if (chunked) {
            int c = (endPos - 1 - lineStart) / CHUNK;
            if (c != chunk) {
                if (chunk >= 0) {
                    flushChunk();
                }
                chunk = c;
            }
        }
        int[] rs = detector.rulesOfKeyword(keyword);
        for (int j = 0; j < rs.length; j++) {
            int r = rs[j];
            if (disabled[r] || triggered.get(r)) {
                continue;
            }
            if (detector.anchored(keyword, j)) {
                if (anchorCount * 2 + 2 > anchors.length) {
                    anchors = java.util.Arrays.copyOf(anchors, anchors.length * 2);
                }
                anchors[anchorCount * 2] = r;
                anchors[anchorCount * 2 + 1] = endPos - detector.keywordLength(keyword);
                anchorCount++;
            } else {
                triggered.set(r);
            }
        }
    }

    private void flushChunk() {
        if (triggered.isEmpty() && anchorCount == 0) {
            return;
        }
        int s = Math.max(lineStart, lineStart + chunk * CHUNK - OVERLAP);
        while (s < lineEnd && (data[s] & 0xC0) == 0x80) {
            s++;
        }
        int e = Math.min(lineEnd, lineStart + (chunk + 1) * CHUNK + OVERLAP);
        runSegment(s, e, charsBefore(s));
        triggered.clear();
        anchorCount = 0;
    }

    /** Characters of the current line before byte {@code pos}; positions only move forward within a line. */
    private int charsBefore(int pos) {
        if (pos < charCursorPos) {
            charCursorPos = lineStart;
            charCursorCount = 0;
        }
        for (int i = charCursorPos; i < pos; i++) {
            if ((data[i] & 0xC0) != 0x80) {
                charCursorCount++;
            }
        }
        charCursorPos = pos;
        return charCursorCount;
    }

    private void runSegment(int segStart, int segEnd, int colBase) {
        String text = null;
        List<Candidate> found = new ArrayList<>(2);
        vetoed.clear();
        for (int r = triggered.nextSetBit(0); r >= 0; r = triggered.nextSetBit(r + 1)) {
            if (rules[r].rule().multiline()) {
                runMultiline(r, segStart, colBase);
                continue;
            }
            if (text == null) {
                text = new String(data, segStart, segEnd - segStart, StandardCharsets.UTF_8);
            }
            Matcher m = rules[r].pattern().matcher(text);
            while (m.find()) {
                Candidate c = candidate(r, m, text, 0);
                if (c != null) {
                    found.add(c);
                }
            }
        }
        if (anchorCount > 0) {
            text = text == null ? new String(data, segStart, segEnd - segStart, StandardCharsets.UTF_8) : text;
            runAnchored(text, segStart, segEnd, found);
        }
        for (Candidate c : found) {
            if (shadowed(c, found, colBase)) {
                continue;
            }
            report(c, lineNo, colBase + c.start() + 1, lineNo, colBase + c.end() + 1);
            lineFindings.add(new Object[] {rules[c.rule()].rule().id(), colBase + c.start(), colBase + c.end()});
        }
    }

    /**
     * A candidate on text that a checksummed rule matched and rejected is dropped; a generic candidate
     * yields to any other on its text; any candidate yields to an earlier one on the same span.
     */
    private boolean shadowed(Candidate c, List<Candidate> found, int colBase) {
        for (int[] v : vetoed) {
            if (v[0] < c.end() && c.start() < v[1]) {
                return true;
            }
        }
        if (!rules[c.rule()].rule().generic()) {
            return found.stream().anyMatch(o -> o != c && o.start() == c.start() && o.end() == c.end()
                    && !rules[o.rule()].rule().generic() && o.rule() < c.rule());
        }
        for (Candidate o : found) {
            if (o == c) {
                continue;
            }
            boolean overlaps = o.start() < c.end() && c.start() < o.end();
            boolean earlier = o.rule() < c.rule() || o.rule() == c.rule() && found.indexOf(o) < found.indexOf(c);
            boolean same = o.start() == c.start() && o.end() == c.end();
            if (overlaps && (!rules[o.rule()].rule().generic() || earlier) || same && earlier) {
                return true;
            }
        }
        for (Decoding.Decoded d : decoded) {
            if (!d.findings().isEmpty() && d.start() < colBase + c.end() && colBase + c.start() < d.end()) {
                return true;
            }
        }
        return false;
    }

    /** Runs each anchored rule at its keyword hit; on a line that is not ASCII, over the whole segment. */
    private void runAnchored(String text, int segStart, int segEnd, List<Candidate> found) {
        boolean ascii = text.length() == segEnd - segStart;
        for (int a = 0; a < anchorCount; a++) {
            int r = anchors[2 * a];
            int at = anchors[2 * a + 1] - segStart;
            if (triggered.get(r) || at < 0 || at >= segEnd - segStart) {
                continue;
            }
            if (!ascii) {
                triggered.set(r);
                Matcher m = rules[r].pattern().matcher(text);
                while (m.find()) {
                    Candidate c = candidate(r, m, text, 0);
                    if (c != null) {
                        found.add(c);
                    }
                }
                continue;
            }
            if (at > 0 && word(text.charAt(at - 1)) && word(text.charAt(at)) && !assignRule[r]) {
                continue;
            }
            Matcher m = rules[r].pattern().matcher(java.nio.CharBuffer.wrap(text, at, text.length()));
            if (m.lookingAt()) {
                Candidate c = candidate(r, m, text, at);
                if (c != null) {
                    found.add(c);
                }
            }
        }
    }

    private static boolean word(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    private void runMultiline(int r, int windowStart, int colBase) {
        if (windowStart < covered[r]) {
            return;
        }
        int we = Math.min(end, windowStart + WINDOW);
        covered[r] = we >= end ? end : we - WINDOW_KEEP;
        String text = new String(data, windowStart, we - windowStart, StandardCharsets.UTF_8);
        Matcher m = rules[r].pattern().matcher(text);
        while (m.find()) {
            Candidate c = candidate(r, m, text, 0);
            if (c != null) {
                int[] startPos = Positions.of(text, c.start(), lineNo, colBase);
                int[] endPos = Positions.of(text, c.end(), lineNo, colBase);
                report(c, startPos[0], startPos[1], endPos[0], endPos[1]);
            }
        }
    }

    /** A match (at {@code offset} in {@code text}) that passes entropy, validation, decoy and allowlist checks. */
    private Candidate candidate(int r, Matcher m, String text, int offset) {
        Rule rule = rules[r].rule();
        int g = rule.secretGroup() <= m.groupCount() ? rule.secretGroup() : 0;
        String secret = m.group(g);
        if (secret == null || secret.isEmpty()) {
            return null;
        }
        if (rule.minEntropy() > 0 && Checksums.entropy(secret) < rule.minEntropy()) {
            return null;
        }
        int start = offset + m.start(g);
        int end = offset + m.end(g);
        if (rule.validator() != null && !Validators.validate(rule.validator(), m.group(), secret)) {
            if (!rule.multiline()) {
                vetoed.add(new int[] {start, end});
            }
            return null;
        }
        int ctxStart = Math.max(0, offset + m.start() - 200);
        int ctxEnd = Math.min(text.length(), offset + m.end() + 200);
        if (Decoys.isDecoy(secret, rule.generic(), text.substring(ctxStart, ctxEnd))) {
            return null;
        }
        if (rules[r].allowlist().allowsSecret(secret) || detector.globalAllowlist().allowsSecret(secret)) {
            return null;
        }
        if (AllowComments.onLineOf(text, start)) {
            return null;
        }
        return new Candidate(r, start, end, secret);
    }

    private void report(Candidate c, int line, int column, int endLine, int endColumn) {
        if (!seen.add(new Key(c.rule(), line, column))) {
            return;
        }
        Rule rule = rules[c.rule()].rule();
        out.finding(new Finding(rule.id(), rule.description(), rule.severity(), origin, line, column, endLine,
                endColumn, Secrets.preview(c.secret()), Secrets.sha256(c.secret()), null));
    }
}
