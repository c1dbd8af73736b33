package dev.coffer.leaks.scan.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The report formats. Every one writes the masked preview of a secret and its hash, never the secret.
 * {@code text} is for people; {@code json} has stable snake_case fields; {@code sarif} is SARIF
 * 2.1.0 as GitHub code scanning takes it; {@code junit} is a JUnit XML test suite with one failed
 * test case per finding (CI test tabs list them), or one passed case when nothing was found.
 */
public enum ReportFormat {
    TEXT, JSON, SARIF, JUNIT;

    /** The format named (any case), or an {@link IllegalArgumentException} listing the names. */
    public static ReportFormat parse(String name) {
        for (ReportFormat f : values()) {
            if (f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown report format '" + name + "': use one of "
                + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }

    /** Writes the report as UTF-8; does not close {@code out}. */
    public void write(ScanReport report, OutputStream out) throws IOException {
        switch (this) {
            case TEXT -> TextReport.write(report, out);
            case JSON -> JsonReport.write(report, out);
            case SARIF -> SarifReport.write(report, out);
            case JUNIT -> JunitReport.write(report, out);
            default -> throw new IllegalStateException(name());
        }
        out.flush();
    }
}
