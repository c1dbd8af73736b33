package dev.coffer.leaks.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Finds base64 (standard and URL-safe), hex and percent-encoded runs on a line, decodes those that
 * turn out to be text and scans the text one level deeper. A run that follows {@code name:} or
 * {@code name=} is scanned as {@code name: <decoded>}, so a Kubernetes Secret's {@code password:
 * <base64>} is judged like a plain assignment. Findings carry the encoding and the run's position.
 */
final class Decoding {
    static final int MIN_RUN = 16;
    static final int MAX_RUN = 1 << 20;
    static final long BUDGET = 8L << 20;
    private static final int SNIFF_CHARS = 344;
    private static final boolean[] B64 = new boolean[256];
    private static final boolean[] HEX = new boolean[256];

    static {
        for (int c = 0; c < 256; c++) {
            B64[c] = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                    || c == '-' || c == '_';
            HEX[c] = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        }
    }

    /** The findings in one decoded run, and the run's columns (0-based, end exclusive) on its line. */
    record Decoded(int start, int end, List<Finding> findings) {}

    private Decoding() {}

    /** Scans the encoded runs of {@code data[ls, le)}; returns the runs that yielded findings. */
    static List<Decoded> scanLine(ScanRun run, int ls, int le, int lineNo) {
        byte[] data = run.data;
        List<Decoded> spans = null;
        int[] allowed = {-1};
        boolean percent = false;
        int col = 0;
        int i = ls;
        while (i < le) {
            int b = data[i] & 0xff;
            if (!B64[b]) {
                percent |= b == '%';
                if ((b & 0xC0) != 0x80) {
                    col++;
                }
                i++;
                continue;
            }
            int j = i;
            while (j < le && B64[data[j] & 0xff]) {
                j++;
            }
            int runEnd = j;
            while (runEnd < le && runEnd - j < 2 && data[runEnd] == '=') {
                runEnd++;
            }
            if (j - i >= MIN_RUN && j - i <= MAX_RUN) {
                Decoded span = decodeRun(run, ls, le, i, j, runEnd, lineNo, col, allowed);
                if (span != null) {
                    spans = spans == null ? new ArrayList<>() : spans;
                    spans.add(span);
                }
            }
            col += runEnd - i;
            i = runEnd;
        }
        if (percent) {
            List<Decoded> p = percentRuns(run, ls, le, lineNo);
            if (!p.isEmpty()) {
                spans = spans == null ? new ArrayList<>() : spans;
                spans.addAll(p);
            }
        }
        return spans == null ? List.of() : spans;
    }

    private static Decoded decodeRun(ScanRun run, int ls, int le, int from, int to, int runEnd, int lineNo, int col,
                                  int[] allowed) {
        byte[] data = run.data;
        boolean hex = (to - from) % 2 == 0 && to - from >= 32;
        boolean std = false;
        boolean url = false;
        boolean digit = false;
        for (int k = from; k < to; k++) {
            int c = data[k] & 0xff;
            hex &= HEX[c];
            std |= c == '+' || c == '/';
            url |= c == '-' || c == '_';
            digit |= c >= '0' && c <= '9';
        }
        boolean padded = runEnd > to;
        if (!hex && (std && url || (to - from) % 4 == 1 || !digit && !std && !padded)) {
            return null;
        }
        String encoded = new String(data, from, to - from, StandardCharsets.ISO_8859_1);
        byte[] sniff = decode(encoded.substring(0, Math.min(encoded.length(), SNIFF_CHARS) / 4 * 4), hex, url);
        if (sniff == null || !isText(sniff, 8)) {
            return null;
        }
        if (run.budget.decodedBytes + encoded.length() > BUDGET) {
            budgetExhausted(run);
            return null;
        }
        run.budget.decodedBytes += encoded.length();
        byte[] decoded = decode(encoded, hex, url);
        if (allowed[0] < 0) {
            allowed[0] = AllowComments.contains(new String(data, ls, le - ls, StandardCharsets.ISO_8859_1), 0, le - ls)
                    ? 1 : 0;
        }
        if (decoded == null || !isText(decoded, 8) || allowed[0] == 1) {
            return null;
        }
        int runChars = runEnd - from;
        List<Finding> found = scanDecoded(run, withName(data, ls, from, decoded), hex ? "hex" : "base64", lineNo, col,
                runChars);
        return found.isEmpty() ? null : new Decoded(col, col + runChars, found);
    }

    private static void budgetExhausted(ScanRun run) {
        if (!run.budget.reported) {
            run.budget.reported = true;
            run.out.skipped(new Skipped(run.origin, "decoding budget of 8 MiB exhausted: later encoded runs "
                    + "were not decoded", 0));
        }
    }

    private static byte[] decode(String s, boolean hex, boolean url) {
        try {
            if (hex) {
                return java.util.HexFormat.of().parseHex(s);
            }
            return url ? Base64.getUrlDecoder().decode(s) : Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Printable ASCII with tabs and newlines only, at least {@code min} bytes. */
    static boolean isText(byte[] b, int min) {
        if (b.length < min) {
            return false;
        }
        for (byte x : b) {
            if (x < 0x20 && x != '\n' && x != '\r' && x != '\t' || x == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** Prefixes the decoded text with the name it was assigned to ({@code name: } / {@code name=}), if any. */
    static byte[] withName(byte[] data, int ls, int runStart, byte[] decoded) {
        int k = runStart - 1;
        int stop = Math.max(ls, runStart - 8);
        while (k >= stop && (data[k] == ' ' || data[k] == '"' || data[k] == '\'' || data[k] == '\t')) {
            k--;
        }
        if (k < ls || (data[k] != ':' && data[k] != '=')) {
            return decoded;
        }
        k--;
        while (k >= ls && (data[k] == ' ' || data[k] == '"' || data[k] == '\'' || data[k] == '>')) {
            k--;
        }
        int nameEnd = k + 1;
        int limit = Math.max(ls, nameEnd - 64);
        while (k >= limit && (B64[data[k] & 0xff] || data[k] == '.') && data[k] != '/' && data[k] != '+') {
            k--;
        }
        int nameStart = k + 1;
        if (nameEnd - nameStart < 2) {
            return decoded;
        }
        byte[] out = new byte[nameEnd - nameStart + 2 + decoded.length];
        System.arraycopy(data, nameStart, out, 0, nameEnd - nameStart);
        out[nameEnd - nameStart] = ':';
        out[nameEnd - nameStart + 1] = ' ';
        System.arraycopy(decoded, 0, out, nameEnd - nameStart + 2, decoded.length);
        return out;
    }

    private static List<Decoded> percentRuns(ScanRun run, int ls, int le, int lineNo) {
        byte[] data = run.data;
        List<Decoded> spans = new ArrayList<>();
        int col = 0;
        int i = ls;
        while (i < le) {
            int j = i;
            int escapes = 0;
            while (j < le && data[j] > ' ' && data[j] != '"' && data[j] != '\'' && data[j] != '<' && data[j] != '>') {
                if (data[j] == '%' && j + 2 < le && HEX[data[j + 1] & 0xff] && HEX[data[j + 2] & 0xff]) {
                    escapes++;
                }
                j++;
            }
            if (j == i) {
                if ((data[i] & 0xC0) != 0x80) {
                    col++;
                }
                i++;
                continue;
            }
            int chars = countChars(data, i, j);
            if (escapes > 0 && j - i >= MIN_RUN && j - i <= MAX_RUN
                    && run.budget.decodedBytes + (j - i) <= BUDGET) {
                run.budget.decodedBytes += j - i;
                byte[] decoded = percentDecode(data, i, j);
                List<Finding> found = isText(decoded, 8) ? scanDecoded(run, decoded, "percent", lineNo, col, chars)
                        : List.of();
                if (!found.isEmpty()) {
                    spans.add(new Decoded(col, col + chars, found));
                }
            }
            col += chars;
            i = j;
        }
        return spans;
    }

    private static int countChars(byte[] data, int from, int to) {
        int n = 0;
        for (int k = from; k < to; k++) {
            if ((data[k] & 0xC0) != 0x80) {
                n++;
            }
        }
        return n;
    }

    static byte[] percentDecode(byte[] data, int from, int to) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(to - from);
        for (int k = from; k < to; k++) {
            if (data[k] == '%' && k + 2 < to && HEX[data[k + 1] & 0xff] && HEX[data[k + 2] & 0xff]) {
                out.write(Character.digit(data[k + 1], 16) << 4 | Character.digit(data[k + 2], 16));
                k += 2;
            } else {
                out.write(data[k]);
            }
        }
        return out.toByteArray();
    }

    private static List<Finding> scanDecoded(ScanRun run, byte[] text, String encoding, int lineNo, int col, int chars) {
        List<Finding> found = new ArrayList<>(1);
        ScanListener remap = new ScanListener() {
            @Override
            public void finding(Finding f) {
                found.add(new Finding(f.ruleId(), f.description(), f.severity(), f.origin(), lineNo, col + 1,
                        lineNo, col + chars + 1, f.preview(), f.secretSha256(), encoding));
            }

            @Override
            public void skipped(Skipped s) {
                run.out.skipped(s);
            }
        };
        new ScanRun(run.detector(), run.origin, text, remap, run.depth + 1, run.budget).run(0, text.length);
        return found;
    }
}
