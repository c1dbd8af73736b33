package dev.coffer.leaks.scan.report;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.Severity;
import dev.coffer.leaks.scan.Skipped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** The report for people: one line per finding (file:line:column), its commit or layer below it, then the summary. */
final class TextReport {
    private TextReport() {
    }

    static void write(ScanReport report, OutputStream stream) throws IOException {
        Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Finding f : report.findings()) {
            bySeverity.merge(f.severity(), 1, Integer::sum);
            out.write(clean(f.origin().path()) + ":" + f.line() + ":" + f.column() + ": " + clean(f.ruleId())
                    + " [" + f.severity().name().toLowerCase(Locale.ROOT) + "] " + clean(f.description()) + ": "
                    + clean(f.preview()) + (f.decodedFrom() == null ? "" : " (in " + clean(f.decodedFrom()) + ")") + "\n");
            String where = where(f.origin());
            if (!where.isEmpty()) {
                out.write("    " + where + "\n");
            }
        }
        if (!report.skipped().isEmpty()) {
            out.write((report.findings().isEmpty() ? "" : "\n") + "Not scanned, or not completely:\n");
            for (Skipped s : report.skipped()) {
                String where = where(s.origin());
                out.write("  " + clean(s.origin().path()) + (where.isEmpty() ? "" : " (" + where + ")") + ": "
                        + clean(s.reason()) + (s.bytes() > 0 ? " [" + s.bytes() + " bytes]" : "") + "\n");
            }
        }
        out.write((report.findings().isEmpty() && report.skipped().isEmpty() ? "" : "\n") + summary(report, bySeverity) + "\n");
        out.flush();
    }

    private static String summary(ScanReport report, Map<Severity, Integer> bySeverity) {
        StringBuilder s = new StringBuilder();
        int n = report.findings().size();
        if (n == 0) {
            s.append("No secrets found");
        } else {
            s.append(n).append(n == 1 ? " secret found (" : " secrets found (");
            String sep = "";
            for (Severity severity : new Severity[] {Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW}) {
                Integer count = bySeverity.get(severity);
                if (count != null) {
                    s.append(sep).append(count).append(' ').append(severity.name().toLowerCase(Locale.ROOT));
                    sep = ", ";
                }
            }
            s.append(')');
        }
        s.append(" in ").append(report.scannedItems()).append(report.scannedItems() == 1 ? " file" : " files")
                .append(" (").append(size(report.scannedBytes())).append(')');
        if (report.suppressed() > 0) {
            s.append("; ").append(report.suppressed()).append(" known from the baseline not shown");
        }
        if (!report.skipped().isEmpty()) {
            s.append("; ").append(report.skipped().size()).append(" not scanned completely (listed above)");
        }
        return s.append('.').toString();
    }

    static String where(Origin o) {
        StringBuilder s = new StringBuilder();
        if (o.commit() != null) {
            s.append("commit ").append(o.commit(), 0, Math.min(12, o.commit().length()));
            if (o.date() != null) {
                s.append(' ').append(clean(o.date()));
            }
            if (o.author() != null) {
                s.append(' ').append(clean(o.author()));
            }
            if (o.email() != null) {
                s.append(" <").append(clean(o.email())).append('>');
            }
            if (o.message() != null) {
                s.append(" \"").append(clean(o.message())).append('"');
            }
        }
        if (o.layer() != null) {
            s.append(s.length() == 0 ? "" : ", ").append(o.layer().equals("config") ? "image config" : "layer " + clean(o.layer()));
        }
        return s.toString();
    }

    private static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
    }

    /** Control characters from file names or commit messages must not drive the terminal. */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c >= 0x202A && c <= 0x202E
                    || c >= 0x2066 && c <= 0x2069) {
                b.append('?');
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
