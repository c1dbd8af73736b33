package dev.coffer.cli;

import dev.coffer.client.ApiException;
import dev.coffer.client.CofferClient.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code coffer policy list|read|write|delete|fmt}: Vault's {@code vault policy}, for ACL policies. */
@Command(name = "policy",
        description = {"Interacts with policies.", "",
            "Lists, reads, writes and deletes ACL policies, and formats policy files. A policy is HCL: "
            + "path \"secret/data/app/*\" { capabilities = [\"read\", \"list\"] }. Tokens get policies by name.", ""},
        subcommands = {PolicyCommand.ListPolicies.class, PolicyCommand.Read.class, PolicyCommand.Write.class,
            PolicyCommand.Delete.class, PolicyCommand.Fmt.class, PolicyTest.class})
final class PolicyCommand extends GroupCommand {

    static String policyName(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    @Command(name = "list", sortOptions = false, description = {"Lists the installed policies.", "",
            "Lists the names of the ACL policies, one per line."},
            footer = {"", "Examples:", "  coffer policy list"})
    static final class ListPolicies extends ApiCommand {
        @Mixin
        OutputOptions output;

        @Override
        int run() {
            String format = output.format();
            List<?> names;
            try {
                Reply r = client().list("sys/policies/acl");
                if (r.status() == 404 || r.status() == 405) {
                    Map<String, Object> old = client().read("sys/policy");
                    names = keys(old, "policies");
                } else {
                    names = keys(r.orThrow(), "keys");
                }
            } catch (ApiException e) {
                throw refused("listing policies", e);
            }
            if (Output.TABLE.equals(format)) {
                names.forEach(n -> Output.line(String.valueOf(n)));
            } else {
                Output.structured(format, names);
            }
            return 0;
        }

        private static List<?> keys(Map<String, Object> answer, String name) {
            Map<String, Object> data = Logical.data(answer);
            Object k = data != null && data.get(name) != null ? data.get(name) : answer.get(name);
            if (k == null && data != null) {
                k = data.get("keys");
            }
            return k instanceof List<?> l ? l : List.of();
        }
    }

    @Command(name = "read", sortOptions = false, description = {"Prints the contents of a policy.", "",
            "Prints the text of the ACL policy NAME."},
            footer = {"", "Examples:", "  coffer policy read app-read", "  coffer policy read default > default.hcl"})
    static final class Read extends ApiCommand {
        @Mixin
        OutputOptions output;

        @Parameters(index = "0", paramLabel = "NAME", description = "The policy's name.")
        String name;

        @Override
        int run() {
            String format = output.format();
            String n = policyName(name);
            Map<String, Object> secret;
            try {
                secret = Logical.read(client(), "sys/policies/acl/" + n, Map.of());
            } catch (ApiException e) {
                throw refused("reading policy named " + n, e);
            }
            Map<String, Object> data = Logical.data(secret);
            if (data == null || !(data.get("policy") instanceof String rules)) {
                throw new CliFailure(2, "No policy named: " + n);
            }
            if (Output.TABLE.equals(format)) {
                Output.line(rules.strip());
            } else {
                Output.structured(format, Map.of("policy", rules));
            }
            return 0;
        }
    }

    @Command(name = "write", sortOptions = false,
            description = {"Uploads a named policy from a file.", "",
                "Uploads the policy in FILE (- for stdin) under NAME, replacing any policy of that name. "
                + "Tokens that have the policy get the new rules at once."},
            footer = {"", "Examples:", "  coffer policy write app-read app-read.hcl",
                "  echo 'path \"secret/data/app/*\" { capabilities = [\"read\"] }' | coffer policy write app-read -"})
    static final class Write extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The policy's name.")
        String name;

        @Parameters(index = "1", paramLabel = "FILE", description = "The HCL file, or - to read stdin.")
        String file;

        @Override
        int run() {
            String n = policyName(name);
            String rules;
            try {
                rules = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CliFailure(1, "Error opening policy file: " + file + ": no such file");
            } catch (IOException e) {
                throw new CliFailure(1, "Error opening policy file: " + file + ": " + e.getMessage());
            }
            try {
                client().write("sys/policies/acl/" + n, Map.of("policy", rules));
            } catch (ApiException e) {
                throw refused("uploading policy", e);
            }
            Output.line("Success! Uploaded policy: " + n);
            return 0;
        }
    }

    @Command(name = "delete", sortOptions = false,
            description = {"Deletes a policy by name.", "",
                "Deletes the ACL policy NAME. Tokens that have it lose its rules at once."},
            footer = {"", "Examples:", "  coffer policy delete app-read"})
    static final class Delete extends ApiCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The policy's name.")
        String name;

        @Override
        int run() {
            String n = policyName(name);
            try {
                Logical.delete(client(), "sys/policies/acl/" + n);
            } catch (ApiException e) {
                throw refused("deleting " + n, e);
            }
            Output.line("Success! Deleted policy: " + n);
            return 0;
        }
    }

    @Command(name = "fmt", sortOptions = false,
            description = {"Formats a policy file in place.", "",
                "Checks the policy in FILE and rewrites the file in canonical form: two-space indents, "
                + "one blank line between path blocks, aligned '=', lists on one line. Comments are kept. A file "
                + "that is not a valid policy is left unchanged and the error names the line. Needs no server."},
            footer = {"", "Examples:", "  coffer policy fmt app-read.hcl"})
    static final class Fmt implements Callable<Integer> {
        @Mixin
        HelpOption helpOption;

        @Parameters(index = "0", paramLabel = "FILE", description = "The policy file to format in place.")
        Path file;

        @Override
        public Integer call() {
            String source;
            try {
                source = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                System.err.println("Error opening policy file: " + file + ": no such file");
                return 1;
            } catch (IOException e) {
                System.err.println("Error opening policy file: " + file + ": " + e.getMessage());
                return 1;
            }
            String formatted;
            try {
                formatted = PolicyText.format(source);
            } catch (Hcl.Invalid e) {
                System.err.println("Error parsing policy " + file + ": " + e.getMessage());
                return 1;
            }
            try {
                if (!formatted.equals(source)) {
                    replace(file, formatted);
                }
            } catch (IOException e) {
                System.err.println("Error writing result: " + e.getMessage());
                return 1;
            }
            System.out.println("Success! Formatted policy: " + file);
            return 0;
        }

        /** Writes beside the file, keeps its permissions, and renames over it: never a half-written policy. */
        private static void replace(Path file, String text) throws IOException {
            Path target = file.toAbsolutePath();
            Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
                } catch (UnsupportedOperationException notPosix) {
                    // other file systems keep their default permissions
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
