package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.client.ApiException;
import dev.coffer.client.CofferClient;
import dev.coffer.core.audit.AuditLogVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer audit verify|search}: prove a log intact, and find who touched what. */
@Command(name = "audit", description = {"Verify and search audit logs.", "",
        "Coffer's audit lines are hash-chained and signed: 'verify' finds any line changed, removed, inserted, "
        + "duplicated or reordered, and (with a reachable server) a cut tail; 'search' answers the first "
        + "question of an incident: which requests touched this secret, token or path."},
        subcommands = {AuditCommand.Verify.class, AuditCommand.Search.class})
final class AuditCommand extends GroupCommand {

    @Command(name = "verify", description = {"Checks audit log files, in order, for tampering.", "",
            "Exit code 0 when intact, 1 when not (the first bad line is named), 2 on usage errors. With the "
            + "server reachable (COFFER_ADDR and a token with read on sys/audit-head/DEVICE) the signatures are "
            + "checked against the device's own key and the log must reach the device's signed head; offline, "
            + "the key in the log is used and the lines past the last signed checkpoint are counted."},
            footer = {"", "Examples:", "  coffer audit verify /var/log/coffer/audit.log.2026-11-25T00-00-00Z /var/log/coffer/audit.log",
                "  coffer audit verify -offline audit.log"})
    static final class Verify implements Callable<Integer> {
        @Mixin
        HelpOption helpOption;

        @Mixin
        ClientOptions client;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files, oldest first.")
        List<Path> files;

        @Option(names = {"-device", "--device"}, defaultValue = "file", description = "The device's path (default file).")
        String device;

        @Option(names = {"-offline", "--offline"}, description = "Do not ask the server for the signed head.")
        boolean offline;

        @Override
        public Integer call() throws IOException {
            Optional<String> key = Optional.empty();
            Optional<AuditLogVerifier.ServerHead> head = Optional.empty();
            String dev = device.endsWith("/") ? device : device + "/";
            if (!offline) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> d = (Map<String, Object>) client.client().read("sys/audit-head/" + dev).get("data");
                    String k = (String) d.get("public_key");
                    long seq = ((Number) d.get("seq")).longValue();
                    String hash = (String) d.get("hash");
                    if (!AuditLogVerifier.headIsSigned(k, dev, seq, hash, (String) d.get("signature"))) {
                        System.err.println("Error: the server's audit head is not validly signed");
                        return 1;
                    }
                    key = Optional.of(k);
                    head = Optional.of(new AuditLogVerifier.ServerHead(seq, hash));
                } catch (ApiException e) {
                    System.err.println("Note: cannot fetch the signed head of device " + dev + " (" + e.getMessage().lines().findFirst().orElse("")
                            + "); verifying offline.");
                }
            }
            List<AuditLogVerifier.Input> inputs = new ArrayList<>();
            List<InputStream> open = new ArrayList<>();
            try {
                for (Path f : files) {
                    InputStream in = Files.newInputStream(f);
                    open.add(in);
                    inputs.add(new AuditLogVerifier.Input(f.toString(), new java.io.BufferedInputStream(in, 1 << 16)));
                }
                AuditLogVerifier.Result r = new AuditLogVerifier(key).verify(inputs, head);
                if (!r.intact()) {
                    System.out.println("NOT intact: " + r.problem());
                    return 1;
                }
                System.out.println("intact: " + r.lines() + " lines (seq " + r.firstSeq() + " to " + r.lastSeq() + "), "
                        + r.checkpoints() + " signed checkpoints" + (head.isPresent() ? ", up to the device's signed head" : ""));
                if (head.isEmpty() && r.unsignedTail() > 0) {
                    System.out.println(r.unsignedTail() + " trailing line(s) lie past the last signed checkpoint: "
                            + "without the server, a cut there cannot be told from a complete log");
                }
                return 0;
            } finally {
                for (InputStream in : open) {
                    in.close();
                }
            }
        }
    }

    @Command(name = "search", description = {"Finds the requests that touched a secret value, a token or a path.", "",
            "Values and tokens are never written to the log in clear: the server hashes the value with the "
            + "device's key (sys/audit-hash, needs sudo) and the log is searched for the hash. Give the value as "
            + "'-' (read from stdin) or env:NAME — never on the command line, where other users could see it."},
            footer = {"", "Examples:", "  printf '%s' \"$LEAKED\" | coffer audit search audit.log -value -",
                "  coffer audit search audit.log -path secret/data/prod/ -since 2026-11-01T00:00:00Z"})
    static final class Search implements Callable<Integer> {
        @Mixin
        HelpOption helpOption;

        @Mixin
        ClientOptions client;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Log files.")
        List<Path> files;

        @Option(names = {"-value", "--value"}, paramLabel = "-|env:NAME", description = "A secret value or token, from stdin or an environment variable.")
        String value;

        @Option(names = {"-accessor", "--accessor"}, description = "A token accessor.")
        String accessor;

        @Option(names = {"-path", "--path"}, description = "Requests whose path starts with this.")
        String path;

        @Option(names = {"-since", "--since"}, description = "Only lines at or after this time (RFC 3339).")
        String since;

        @Option(names = {"-device", "--device"}, defaultValue = "file", description = "The device that wrote the log (default file).")
        String device;

        @Override
        public Integer call() throws IOException {
            if (value == null && accessor == null && path == null) {
                System.err.println("Error: give -value, -accessor or -path");
                return 2;
            }
            String needle = null;
            String dev = device.endsWith("/") ? device : device + "/";
            String plain = value != null ? readValue(value) : accessor;
            if (plain == null) {
                return 2;
            }
            if (!plain.isEmpty()) {
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> d = (Map<String, Object>) client.client()
                            .write("sys/audit-hash/" + dev, Map.of("input", plain)).get("data");
                    needle = (String) d.get("hash");
                } catch (ApiException e) {
                    System.err.println("Error: cannot hash the value with device " + dev + ": " + e.getMessage());
                    return 2;
                }
            }
            ObjectMapper json = new ObjectMapper();
            Instant from = since == null ? null : Instant.parse(since);
            int found = 0;
            for (Path f : files) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        if (needle != null && !line.contains(needle)) {
                            continue;
                        }
                        JsonNode n = json.readTree(line);
                        String type = n.path("type").asText();
                        if (!type.equals("request") && !type.equals("response")) {
                            continue;
                        }
                        String p = n.path("request").path("path").asText();
                        if (path != null && !p.startsWith(path)) {
                            continue;
                        }
                        if (from != null && Instant.parse(n.path("time").asText()).isBefore(from)) {
                            continue;
                        }
                        found++;
                        System.out.println(n.path("time").asText() + "  " + type + "  " + n.path("request").path("operation").asText()
                                + " " + p + "  from " + n.path("request").path("remote_address").asText()
                                + "  by " + n.path("auth").path("display_name").asText("-")
                                + (n.path("auth").path("metadata").isObject() ? " " + n.path("auth").path("metadata") : "")
                                + (n.hasNonNull("error") ? "  error: " + n.path("error").asText() : "")
                                + "  (seq " + n.path("seq").asLong() + ")");
                    }
                }
            }
            System.err.println(found + " matching line(s)");
            return found > 0 ? 0 : 1;
        }

        private static String readValue(String spec) throws IOException {
            if (spec.equals("-")) {
                String v = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                return v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
            }
            if (spec.startsWith("env:")) {
                String v = System.getenv(spec.substring(4));
                if (v == null) {
                    System.err.println("Error: environment variable " + spec.substring(4) + " is not set");
                }
                return v;
            }
            System.err.println("Error: -value takes '-' (stdin) or env:NAME; a value on the command line would be "
                    + "visible to every user of this machine");
            return null;
        }
    }
}
