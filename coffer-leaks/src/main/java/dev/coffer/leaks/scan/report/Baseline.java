package dev.coffer.leaks.scan.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.leaks.scan.Finding;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Findings already known, which later scans do not report again. Three kinds are read (the kind is
 * recognised from the content): Coffer's own ({@code --baseline-write}: the fingerprint of each
 * finding — rule, file and SHA-256 of the secret, never the secret), a gitleaks JSON report (a
 * finding is known if the same file has the same secret — gitleaks' {@code Secret} is hashed on
 * reading and not kept — or a finding on the same file and line, whatever the rule: the two tools
 * name their rules differently), and a detect-secrets {@code .secrets.baseline} (same file and
 * line: its {@code hashed_secret} is a SHA-1, which findings do not carry).
 */
public final class Baseline {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 256 << 20;

    /** Where a baseline came from. */
    public enum Kind { COFFER, GITLEAKS, DETECT_SECRETS }

    private final Kind kind;
    private final Set<String> fingerprints;
    private final Set<String> fileSecrets;
    private final Set<String> fileLines;
    private final int size;

    private Baseline(Kind kind, Set<String> fingerprints, Set<String> fileSecrets, Set<String> fileLines, int size) {
        this.kind = kind;
        this.fingerprints = fingerprints;
        this.fileSecrets = fileSecrets;
        this.fileLines = fileLines;
        this.size = size;
    }

    public Kind kind() {
        return kind;
    }

    /** How many entries the baseline holds. */
    public int size() {
        return size;
    }

    /** Reads a baseline of any of the three kinds; an {@link IllegalArgumentException} says what is wrong with a bad one. */
    public static Baseline read(Path file) throws IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IllegalArgumentException(file + ": a baseline larger than " + (MAX_BYTES >> 20) + " MiB");
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    static Baseline parse(byte[] json, String name) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(name + ": not a baseline: not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException(name + ": cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(name + ": not a baseline: empty");
        }
        if (root.isArray()) {
            return gitleaks(root, name);
        }
        if (root.isObject() && root.has("coffer_baseline")) {
            return coffer(root, name);
        }
        if (root.isObject() && root.has("results")) {
            return detectSecrets(root, name);
        }
        throw new IllegalArgumentException(name + ": not a baseline: expected a Coffer baseline (\"coffer_baseline\"), "
                + "a gitleaks JSON report (an array) or a detect-secrets baseline (\"results\")");
    }

    private static Baseline coffer(JsonNode root, String name) {
        if (root.get("coffer_baseline").asInt() != 1) {
            throw new IllegalArgumentException(name + ": coffer_baseline: version " + root.get("coffer_baseline")
                    + " is not known (1 is)");
        }
        JsonNode findings = root.get("findings");
        if (findings == null || !findings.isArray()) {
            throw new IllegalArgumentException(name + ": findings: expected an array");
        }
        Set<String> fingerprints = new HashSet<>();
        int i = 0;
        for (JsonNode f : findings) {
            fingerprints.add(text(f, "fingerprint", name + ": findings[" + i++ + "]"));
        }
        return new Baseline(Kind.COFFER, fingerprints, Set.of(), Set.of(), fingerprints.size());
    }

    private static Baseline gitleaks(JsonNode root, String name) {
        Set<String> fileSecrets = new HashSet<>();
        Set<String> fileLines = new HashSet<>();
        int i = 0;
        for (JsonNode f : root) {
            String where = name + ": [" + i++ + "]";
            String file = normalize(text(f, "File", where));
            JsonNode secret = f.get("Secret");
            if (secret != null && secret.isTextual() && !secret.asText().isEmpty() && !secret.asText().equals("REDACTED")) {
                fileSecrets.add(file + "\0" + SarifReport.sha256(secret.asText()));
            }
            JsonNode line = f.get("StartLine");
            if (line != null) {
                if (!line.canConvertToInt()) {
                    throw new IllegalArgumentException(where + ": StartLine: expected a number");
                }
                fileLines.add(file + "\0" + line.asInt());
            }
        }
        return new Baseline(Kind.GITLEAKS, Set.of(), fileSecrets, fileLines, i);
    }

    private static Baseline detectSecrets(JsonNode root, String name) {
        JsonNode results = root.get("results");
        if (!results.isObject()) {
            throw new IllegalArgumentException(name + ": results: expected an object of files");
        }
        Set<String> fileLines = new HashSet<>();
        int[] count = {0};
        for (var file : results.properties()) {
            if (!file.getValue().isArray()) {
                throw new IllegalArgumentException(name + ": results." + file.getKey() + ": expected an array");
            }
            int i = 0;
            for (JsonNode secret : file.getValue()) {
                String where = name + ": results." + file.getKey() + "[" + i++ + "]";
                JsonNode line = secret.isObject() ? secret.get("line_number") : null;
                if (line == null || !line.canConvertToInt()) {
                    throw new IllegalArgumentException(where + ": line_number: expected a number");
                }
                fileLines.add(normalize(file.getKey()) + "\0" + line.asInt());
                count[0]++;
            }
        }
        return new Baseline(Kind.DETECT_SECRETS, Set.of(), Set.of(), fileLines, count[0]);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.isObject() ? node.get(field) : null;
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(where + ": " + field + ": expected a string");
        }
        return value.asText();
    }

    private static String normalize(String path) {
        String p = path.replace('\\', '/');
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        return p;
    }

    /** True if the finding is already known. */
    public boolean suppresses(Finding f) {
        String file = normalize(f.origin().path());
        return fingerprints.contains(f.fingerprint())
                || f.secretSha256() != null && fileSecrets.contains(file + "\0" + f.secretSha256().toLowerCase(java.util.Locale.ROOT))
                || fileLines.contains(file + "\0" + f.line());
    }

    /** Writes a Coffer baseline of these findings (replacing the file at once, never half-written). */
    public static void write(Path file, List<Finding> findings, String toolVersion) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".coffer-baseline", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp);
                 JsonGenerator g = JsonReport.FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
                g.useDefaultPrettyPrinter();
                g.writeStartObject();
                g.writeNumberField("coffer_baseline", 1);
                g.writeStringField("generated_by", "coffer " + toolVersion);
                g.writeArrayFieldStart("findings");
                for (Finding f : findings) {
                    g.writeStartObject();
                    g.writeStringField("fingerprint", f.fingerprint());
                    g.writeStringField("rule_id", f.ruleId());
                    g.writeStringField("path", f.origin().path());
                    g.writeNumberField("line", f.line());
                    if (f.origin().commit() != null) {
                        g.writeStringField("commit", f.origin().commit());
                    }
                    if (f.origin().layer() != null) {
                        g.writeStringField("layer", f.origin().layer());
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
                g.writeRaw('\n');
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
