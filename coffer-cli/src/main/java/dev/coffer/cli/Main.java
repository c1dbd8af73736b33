package dev.coffer.cli;

import dev.coffer.client.ApiException;
import dev.coffer.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code coffer <noun> <verb>}: the single entry point of the runnable jar. */
@Command(name = "coffer", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Secrets manager for CI/CD pipelines, with a Vault-compatible API and CLI.",
        subcommands = {ServerCommand.class, OperatorCommand.class, StatusCommand.class,
                ReadCommand.class, WriteCommand.class, DeleteCommand.class, ListCommand.class,
                KvCommand.class, SecretsCommand.class, TokenCommand.class, PolicyCommand.class,
                LoginCommand.class, LogoutCommand.class, AuditCommand.class,
                RunCommand.class, MaskCommand.class, ScanCommand.class, HookCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = fastPath(args);
        if (cl != null) {
            // Pipeline steps (and pre-commit hooks) start these on every job: build only their own
            // command, not the whole tree (picocli would instantiate every command first).
            return configure(cl).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        cl = new CommandLine(new Main());
        return configure(cl).execute(args);
    }

    private static CommandLine fastPath(String[] args) {
        if (args.length == 0) {
            return null;
        }
        return switch (args[0]) {
            case "run" -> new CommandLine(new RunCommand()).setCommandName("coffer run");
            case "mask" -> new CommandLine(new MaskCommand()).setCommandName("coffer mask");
            case "scan" -> new CommandLine(new ScanCommand()).setCommandName("coffer scan");
            default -> null;
        };
    }

    private static CommandLine configure(CommandLine cl) {
        // "@data.json" is data for write and kv put (as in Vault), not a picocli argument file.
        cl.setExpandAtFiles(false);
        headings(cl);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof CliFailure f) {
                line.getErr().println(f.getMessage());
                return f.exitCode();
            }
            line.getErr().println("Error: " + ex.getMessage());
            return ex instanceof ApiException ? 2 : 1;
        });
        return cl;
    }

    /** Blank-line-separated "Arguments:" and "Options:" sections, as Vault's help has them. */
    private static void headings(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandName().equals("server")) {
                continue;
            }
            sub.getCommandSpec().usageMessage().parameterListHeading("%nArguments:%n").optionListHeading("%nOptions:%n");
            headings(sub);
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Coffer " + Version.VERSION + (Version.BUILD_DATE.isEmpty() ? "" : " (" + Version.BUILD_DATE + ")")};
        }
    }
}
