package dev.coffer.leaks.scan.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.coffer.leaks.scan.Finding;
import dev.coffer.leaks.scan.Origin;
import dev.coffer.leaks.scan.Severity;
import dev.coffer.leaks.scan.Skipped;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SARIF 2.1.0 as GitHub code scanning takes it: one run; {@code tool.driver} with the rules (id,
 * short description, default level, security severity); one result per finding with a 1-based
 * region and a {@code partialFingerprints} entry (a hash of the finding's fingerprint, so an alert
 * keeps its identity when code moves). Commit and layer go in the result's properties; skipped
 * parts are tool notifications of the invocation.
 */
final class SarifReport {
    private SarifReport() {
    }

    static String level(Severity severity) {
        return switch (severity) {
            case CRITICAL, HIGH -> "error";
            case MEDIUM -> "warning";
            case LOW -> "note";
        };
    }

    private static String securitySeverity(Severity severity) {
        return switch (severity) {
            case CRITICAL -> "9.5";
            case HIGH -> "8.0";
            case MEDIUM -> "5.5";
            case LOW -> "3.0";
        };
    }

    static void write(ScanReport report, OutputStream out) throws IOException {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        for (RuleInfo r : report.rules()) {
            rules.putIfAbsent(r.id(), r);
        }
        for (Finding f : report.findings()) {
            rules.putIfAbsent(f.ruleId(), new RuleInfo(f.ruleId(), f.description(), f.severity()));
        }
        try (JsonGenerator g = JsonReport.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            g.writeStringField("version", "2.1.0");
            g.writeArrayFieldStart("runs");
            g.writeStartObject();
            g.writeObjectFieldStart("tool");
            g.writeObjectFieldStart("driver");
            g.writeStringField("name", "coffer");
            g.writeStringField("version", report.toolVersion());
            g.writeStringField("semanticVersion", report.toolVersion());
            g.writeStringField("informationUri", report.informationUri());
            g.writeArrayFieldStart("rules");
            for (RuleInfo r : rules.values()) {
                ruleIndex.put(r.id(), ruleIndex.size());
                g.writeStartObject();
                g.writeStringField("id", r.id());
                g.writeStringField("name", r.id());
                g.writeObjectFieldStart("shortDescription");
                g.writeStringField("text", r.description());
                g.writeEndObject();
                g.writeObjectFieldStart("defaultConfiguration");
                g.writeStringField("level", level(r.severity()));
                g.writeEndObject();
                g.writeObjectFieldStart("properties");
                g.writeArrayFieldStart("tags");
                g.writeString("security");
                g.writeString("secret");
                g.writeEndArray();
                g.writeStringField("security-severity", securitySeverity(r.severity()));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("results");
            for (Finding f : report.findings()) {
                result(g, f, ruleIndex.get(f.ruleId()));
            }
            g.writeEndArray();
            g.writeArrayFieldStart("invocations");
            g.writeStartObject();
            g.writeBooleanField("executionSuccessful", true);
            g.writeArrayFieldStart("toolExecutionNotifications");
            for (Skipped s : report.skipped()) {
                g.writeStartObject();
                g.writeStringField("level", "warning");
                g.writeObjectFieldStart("message");
                g.writeStringField("text", "not scanned completely: " + s.reason()
                        + (s.bytes() > 0 ? " (" + s.bytes() + " bytes)" : ""));
                g.writeEndObject();
                g.writeArrayFieldStart("locations");
                location(g, s.origin(), null);
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void result(JsonGenerator g, Finding f, int ruleIndex) throws IOException {
        g.writeStartObject();
        g.writeStringField("ruleId", f.ruleId());
        g.writeNumberField("ruleIndex", ruleIndex);
        g.writeStringField("level", level(f.severity()));
        g.writeObjectFieldStart("message");
        String where = TextReport.where(f.origin());
        g.writeStringField("text", f.description() + ": " + f.preview()
                + (f.decodedFrom() == null ? "" : " (" + f.decodedFrom() + "-encoded)")
                + (where.isEmpty() ? "" : " — " + where));
        g.writeEndObject();
        g.writeArrayFieldStart("locations");
        location(g, f.origin(), f);
        g.writeEndArray();
        g.writeObjectFieldStart("partialFingerprints");
        g.writeStringField("coffer/v1", sha256(f.fingerprint()));
        g.writeEndObject();
        Origin o = f.origin();
        g.writeObjectFieldStart("properties");
        g.writeStringField("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
        writeIfSet(g, "commit", o.commit());
        writeIfSet(g, "author", o.author());
        writeIfSet(g, "email", o.email());
        writeIfSet(g, "date", o.date());
        writeIfSet(g, "commitMessage", o.message());
        writeIfSet(g, "layer", o.layer());
        writeIfSet(g, "decodedFrom", f.decodedFrom());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void location(JsonGenerator g, Origin o, Finding f) throws IOException {
        g.writeStartObject();
        g.writeObjectFieldStart("physicalLocation");
        g.writeObjectFieldStart("artifactLocation");
        g.writeStringField("uri", uri(o.path()));
        g.writeEndObject();
        if (f != null) {
            g.writeObjectFieldStart("region");
            g.writeNumberField("startLine", Math.max(1, f.line()));
            g.writeNumberField("startColumn", Math.max(1, f.column()));
            g.writeNumberField("endLine", Math.max(Math.max(1, f.line()), f.endLine()));
            g.writeNumberField("endColumn", Math.max(1, f.endColumn()));
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** A relative URI reference: path segments percent-encoded, slashes kept. */
    static String uri(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        try {
            return new URI(null, null, p, null).getRawPath();
        } catch (java.net.URISyntaxException e) {
            return p.replaceAll("[^A-Za-z0-9._~/-]", "_");
        }
    }

    private static void writeIfSet(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
