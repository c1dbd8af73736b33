package dev.coffer.cli;

import dev.coffer.client.ApiException;
import dev.coffer.client.CofferClient;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer operator ...}: the server's life cycle — init, unseal, seal, key rotation. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Initialise, unseal, seal and rotate the server's keys.",
        subcommands = {OperatorCommand.Init.class, OperatorCommand.Unseal.class, OperatorCommand.Seal.class,
                OperatorCommand.Rotate.class, OperatorCommand.KeyStatus.class})
final class OperatorCommand {

    static Map<String, Object> sealStatusRows(Map<String, Object> s) {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("Seal Type", s.get("type"));
        rows.put("Initialized", s.get("initialized"));
        rows.put("Sealed", s.get("sealed"));
        rows.put("Total Shares", s.get("n"));
        rows.put("Threshold", s.get("t"));
        if (Boolean.TRUE.equals(s.get("sealed"))) {
            rows.put("Unseal Progress", s.get("progress") + "/" + s.get("t"));
            rows.put("Unseal Nonce", "".equals(s.get("nonce")) ? "n/a" : s.get("nonce"));
        }
        rows.put("Version", s.get("version"));
        rows.put("Build Date", s.get("build_date"));
        rows.put("Storage Type", s.get("storage_type"));
        if (s.get("cluster_name") != null) {
            rows.put("Cluster Name", s.get("cluster_name"));
            rows.put("Cluster ID", s.get("cluster_id"));
        }
        rows.put("HA Enabled", false);
        return rows;
    }

    /** Runs one API call, printing Vault-style errors; exit 2 on a refused call. */
    abstract static class ApiCall implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Option(names = {"-format", "--format"}, defaultValue = "table", description = "table or json")
        String format;

        @Override
        public final Integer call() {
            try {
                return run(client.client());
            } catch (ApiException e) {
                System.err.println("Error: " + e.getMessage());
                return 2;
            }
        }

        abstract int run(CofferClient c);
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Initialise a new server: create its keys, split the unseal key into shares, print the shares and the initial root token once.")
    static final class Init extends ApiCall {
        @Option(names = {"-key-shares", "--key-shares", "-n"}, defaultValue = "5", description = "Number of key shares (default 5).")
        int shares;

        @Option(names = {"-key-threshold", "--key-threshold", "-t"}, defaultValue = "3", description = "Shares needed to unseal (default 3).")
        int threshold;

        @Option(names = {"-status", "--status"}, description = "Only report whether the server is initialised (exit 0 yes, 2 no).")
        boolean statusOnly;

        @Override
        int run(CofferClient c) {
            if (statusOnly) {
                boolean init = Boolean.TRUE.equals(c.read("sys/init").get("initialized"));
                System.out.println(init ? "Vault is initialized" : "Vault is not initialized");
                return init ? 0 : 2;
            }
            Map<String, Object> r = c.write("sys/init", Map.of("secret_shares", shares, "secret_threshold", threshold));
            if ("json".equalsIgnoreCase(format)) {
                Output.print(format, r, Map.of());
                return 0;
            }
            List<?> keys = (List<?>) r.get("keys");
            for (int i = 0; i < keys.size(); i++) {
                System.out.println("Unseal Key " + (i + 1) + ": " + keys.get(i));
            }
            System.out.println();
            System.out.println("Initial Root Token: " + r.get("root_token"));
            System.out.println();
            System.out.println("Coffer initialized with " + shares + " key shares and a key threshold of " + threshold + ".");
            System.out.println("Keep the shares apart: any " + threshold + " of them unseal the server, and the");
            System.out.println("server does not store them. The server is sealed: unseal it with");
            System.out.println("'coffer operator unseal' (" + threshold + " times, a different share each time).");
            return 0;
        }
    }

    @Command(name = "unseal", mixinStandardHelpOptions = true,
            description = "Submit one unseal key share. Without KEY it is read from the terminal without echo (or from stdin).")
    static final class Unseal extends ApiCall {
        @Parameters(arity = "0..1", paramLabel = "KEY", description = "A key share, hex or base64. Prefer the prompt: arguments are visible to other users.")
        String key;

        @Option(names = {"-reset", "--reset"}, description = "Discard the shares submitted so far.")
        boolean reset;

        @Override
        int run(CofferClient c) {
            Map<String, Object> s;
            if (reset) {
                s = c.write("sys/unseal", Map.of("reset", true));
            } else {
                String k = key != null ? key : prompt();
                if (k == null || k.isBlank()) {
                    System.err.println("Error: no unseal key given");
                    return 2;
                }
                s = c.write("sys/unseal", Map.of("key", k.trim()));
            }
            Output.print(format, s, sealStatusRows(s));
            return 0;
        }

        private static String prompt() {
            Console console = System.console();
            if (console != null) {
                char[] pw = console.readPassword("Unseal Key (will be hidden): ");
                return pw == null ? null : new String(pw);
            }
            try {
                return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            } catch (IOException e) {
                return null;
            }
        }
    }

    @Command(name = "seal", mixinStandardHelpOptions = true,
            description = "Seal the server: it forgets its keys and serves nothing until unsealed. Needs a root (sudo) token.")
    static final class Seal extends ApiCall {
        @Override
        int run(CofferClient c) {
            c.write("sys/seal", Map.of());
            System.out.println("Success! Coffer is sealed.");
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = "Add a new encryption key term: new writes use it, older data stays readable.")
    static final class Rotate extends ApiCall {
        @Override
        int run(CofferClient c) {
            c.write("sys/rotate", Map.of());
            Map<String, Object> s = c.read("sys/key-status");
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) s.get("data");
            System.out.println("Success! Rotated key");
            System.out.println();
            Output.print(format, s, rows(d));
            return 0;
        }
    }

    @Command(name = "key-status", mixinStandardHelpOptions = true, description = "Show the active encryption key term.")
    static final class KeyStatus extends ApiCall {
        @Override
        int run(CofferClient c) {
            Map<String, Object> s = c.read("sys/key-status");
            @SuppressWarnings("unchecked")
            Map<String, Object> d = (Map<String, Object>) s.get("data");
            Output.print(format, s, rows(d));
            return 0;
        }
    }

    static Map<String, Object> rows(Map<String, Object> d) {
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("Key Term", d.get("term"));
        rows.put("Install Time", d.get("install_time"));
        return rows;
    }
}
