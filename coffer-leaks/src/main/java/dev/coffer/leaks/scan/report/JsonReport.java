package dev.coffer.leaks.scan.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.Skipped;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The JSON report: {@code {"tool", "summary", "findings": [...], "skipped": [...]}}. Every finding
 * has every field (null when it does not apply), so scripts can rely on them.
 */
final class JsonReport {
    static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonReport() {
    }

    static void write(ScanReport report, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeStringField("name", "coffer");
            g.writeStringField("version", report.toolVersion());
            g.writeEndObject();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("findings", report.findings().size());
            g.writeNumberField("suppressed_by_baseline", report.suppressed());
            g.writeNumberField("skipped", report.skipped().size());
            g.writeNumberField("scanned_items", report.scannedItems());
            g.writeNumberField("scanned_bytes", report.scannedBytes());
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : report.findings()) {
                g.writeStartObject();
                g.writeStringField("rule_id", f.ruleId());
                g.writeStringField("description", f.description());
                g.writeStringField("severity", f.severity().name().toLowerCase(Locale.ROOT));
                g.writeStringField("path", f.origin().path());
                g.writeNumberField("line", f.line());
                g.writeNumberField("column", f.column());
                g.writeNumberField("end_line", f.endLine());
                g.writeNumberField("end_column", f.endColumn());
                g.writeStringField("preview", f.preview());
                g.writeStringField("decoded_from", f.decodedFrom());
                g.writeStringField("fingerprint", f.fingerprint());
                g.writeStringField("secret_sha256", f.secretSha256());
                origin(g, f.origin());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("skipped");
            for (Skipped s : report.skipped()) {
                g.writeStartObject();
                g.writeStringField("path", s.origin().path());
                g.writeStringField("reason", s.reason());
                g.writeNumberField("bytes", s.bytes());
                origin(g, s.origin());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void origin(JsonGenerator g, Origin o) throws IOException {
        g.writeStringField("commit", o.commit());
        g.writeStringField("author", o.author());
        g.writeStringField("email", o.email());
        g.writeStringField("date", o.date());
        g.writeStringField("message", o.message());
        g.writeStringField("layer", o.layer());
    }
}
