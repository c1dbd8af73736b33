package dev.coffer.cli;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.policy.Acl;
import dev.coffer.core.policy.Decision;
import dev.coffer.core.policy.PathNormalizer;
import dev.coffer.core.policy.Policy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code coffer policy test}: evaluates policy files locally, with the server's own ACL code, and
 * says whether an operation on a path is allowed and which rule decided — policy as code, checked
 * in CI before the policy is written to a server.
 */
@Command(name = "test", sortOptions = false,
        description = {"Checks what policy files allow, without a server.", "",
            "Reads the policies in FILE... (HCL or JSON; each named after its file), evaluates them together "
            + "exactly as the server does, and prints whether OPERATION on PATH is allowed and which rule "
            + "decided. Exit code 0 when allowed and 1 when denied; with -expect, 0 when the outcome is the "
            + "expected one and 1 when not. 2: a file is not a valid policy, or bad usage."},
        footer = {"", "Examples:", "  coffer policy test app.hcl -path secret/data/app/db -op read",
            "  coffer policy test app.hcl base.hcl -path sys/seal -op update -sudo -expect denied"})
final class PolicyTest implements Callable<Integer> {
    @Mixin
    HelpOption helpOption;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Policy files.")
    List<Path> files;

    @Option(names = {"-path", "--path"}, required = true, paramLabel = "PATH", description = "Full request path, e.g. secret/data/app/db.")
    String path;

    @Option(names = {"-op", "--op"}, defaultValue = "read", paramLabel = "OPERATION",
            description = "read, create, update, patch, delete or list (default read).")
    String op;

    @Option(names = {"-sudo", "--sudo"}, description = "The path needs sudo (sys/seal, revoke-orphan, ...).")
    boolean sudo;

    @Option(names = {"-expect", "--expect"}, paramLabel = "allowed|denied", description = "The outcome the test expects.")
    String expect;

    @Override
    public Integer call() {
        Operation operation;
        try {
            operation = Operation.valueOf(op.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("Error: -op must be read, create, update, patch, delete or list, got '" + op + "'");
            return 2;
        }
        if (expect != null && !expect.equals("allowed") && !expect.equals("denied")) {
            System.err.println("Error: -expect must be allowed or denied");
            return 2;
        }
        List<Policy> policies = new ArrayList<>();
        try {
            for (Path f : files) {
                String name = f.getFileName().toString().replaceFirst("\\.(hcl|json)$", "");
                policies.add(Policy.parse(name, Files.readString(f, StandardCharsets.UTF_8)));
            }
            String checked = PathNormalizer.check(path.startsWith("/") ? path.substring(1) : path);
            Decision d = Acl.of(policies).decide(operation, checked, sudo, Map.of(), Duration.ZERO);
            System.out.println((d.allowed() ? "allowed" : "denied") + ": " + operation.capability() + " " + checked);
            System.out.println(d.reason());
            if (!d.pattern().isEmpty()) {
                System.out.println("rule: path \"" + d.pattern() + "\" in " + String.join(", ", d.policies()));
            }
            if (expect != null) {
                return expect.equals(d.allowed() ? "allowed" : "denied") ? 0 : 1;
            }
            return d.allowed() ? 0 : 1;
        } catch (IOException e) {
            System.err.println("Error reading policy file: " + e.getMessage());
            return 2;
        } catch (CofferException e) {
            System.err.println("Error: " + e.getMessage());
            return 2;
        }
    }
}
