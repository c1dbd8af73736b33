package dev.coffer.leaks.scan.report;

import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Skipped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * JUnit XML, as GitLab, Jenkins and GitHub test-report actions read it: one suite {@code coffer scan},
 * one failed test case per finding (class name = the file, name = rule at line:column), each skipped
 * part as a skipped case, and one passed case when nothing was found so the suite is never empty.
 */
final class JunitReport {
    private JunitReport() {
    }

    static void write(ScanReport report, OutputStream stream) throws IOException {
        Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        int findings = report.findings().size();
        int tests = Math.max(1, findings) + report.skipped().size();
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.write("<testsuites name=\"coffer scan\" tests=\"" + tests + "\" failures=\"" + findings + "\">\n");
        out.write("  <testsuite name=\"coffer scan\" tests=\"" + tests + "\" failures=\"" + findings
                + "\" errors=\"0\" skipped=\"" + report.skipped().size() + "\">\n");
        for (Finding f : report.findings()) {
            String where = TextReport.where(f.origin());
            out.write("    <testcase classname=\"" + xml(f.origin().path()) + "\" name=\"" + xml(f.ruleId() + " at "
                    + f.line() + ":" + f.column()) + "\">\n");
            out.write("      <failure type=\"" + xml(f.ruleId()) + "\" message=\"" + xml(f.description() + ": " + f.preview())
                    + "\">" + xml(f.origin().path() + ":" + f.line() + ":" + f.column() + ": " + f.ruleId() + " ["
                    + f.severity().name().toLowerCase(Locale.ROOT) + "] " + f.description() + ": " + f.preview()
                    + (where.isEmpty() ? "" : "\n" + where)) + "</failure>\n");
            out.write("    </testcase>\n");
        }
        if (findings == 0) {
            out.write("    <testcase classname=\"coffer scan\" name=\"no secrets found in " + report.scannedItems()
                    + " files\"/>\n");
        }
        for (Skipped s : report.skipped()) {
            out.write("    <testcase classname=\"" + xml(s.origin().path()) + "\" name=\"not scanned completely\">\n");
            out.write("      <skipped message=\"" + xml(s.reason()) + "\"/>\n");
            out.write("    </testcase>\n");
        }
        out.write("  </testsuite>\n</testsuites>\n");
        out.flush();
    }

    /** Escapes for attributes and text; characters XML 1.0 cannot hold become '?'. */
    static String xml(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\n' -> b.append("&#10;");
                case '\t' -> b.append("&#9;");
                default -> {
                    boolean legal = c == '\r' || c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD
                            || c >= 0x10000 && c <= 0x10FFFF;
                    b.appendCodePoint(legal && c != '\r' ? c : '?');
                }
            }
        });
        return b.toString();
    }
}
