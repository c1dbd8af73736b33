package dev.coffer.cli;

import dev.coffer.core.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code coffer <noun> <verb>}: the single entry point of the runnable jar. */
@Command(name = "coffer", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Secrets manager for CI/CD pipelines, with a Vault-compatible API.",
        subcommands = {ServerCommand.class, OperatorCommand.class, StatusCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("Error: " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"Coffer " + Version.VERSION + (Version.BUILD_DATE.isEmpty() ? "" : " (" + Version.BUILD_DATE + ")")};
        }
    }
}
