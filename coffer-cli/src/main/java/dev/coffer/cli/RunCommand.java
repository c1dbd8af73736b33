package dev.coffer.cli;

import dev.coffer.cli.run.Injection;
import dev.coffer.cli.run.RunConfig;
import dev.coffer.cli.run.RunFailure;
import dev.coffer.cli.run.RunLogin;
import dev.coffer.cli.run.SecretRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer run}: a command with secrets in its environment or in files, and none in its output. */
@Command(name = "run", sortOptions = false, modelTransformer = RunCommand.OptionsEndAtCommand.class,
        description = {"Runs a command with secrets, keeping them out of its output.", "",
            "Resolves every secret reference, coffer://<mount>/<path>#<field> (KV version 1 or 2; ?version=N for an older "
                + "KV version 2 version), then starts CMD with the values in its environment, or in files when asked "
                + "(the variable then holds the file's path). References come from environment variables whose value is "
                + "one, from coffer.yaml in the working directory (or -config; -env picks an environment), and from "
                + "-secret and -secret-file; a later source wins for the same name. If any reference cannot be "
                + "resolved, CMD is not started, each failed reference is named with the reason, and the exit code is 2.",
            "",
            "Files are written with mode 0600 into a new directory of mode 0700 on /dev/shm (or the temporary "
                + "directory) and removed when CMD exits, also when coffer is interrupted or CMD crashes. CMD's stdout "
                + "and stderr pass through the masker: each value, its base64, hex, URL and JSON encodings, and each line "
                + "of a multi-line value become ***. stdin is passed through, SIGINT, SIGTERM and SIGHUP are forwarded, and "
                + "coffer exits with CMD's exit code (128+N if signal N ended it). CMD gets no COFFER_TOKEN or VAULT_TOKEN "
                + "unless -pass-token is given.",
            ""},
        footer = {"", "Examples:", "  coffer run -secret DB_PASSWORD=coffer://secret/app/db#password -- ./migrate.sh",
            "  coffer run -secret-file TLS_KEY=coffer://secret/app/tls#key -- nginx -g 'daemon off;'",
            "  coffer run -env production -- ./deploy.sh",
            "  coffer run --auth-method jwt --role deploy --jwt-file \"$ID_TOKEN_FILE\" -env production -- ./deploy.sh",
            "  DB_PASSWORD=coffer://secret/app/db#password coffer run -- ./migrate.sh"})
final class RunCommand extends ApiCommand {
    @Option(names = {"-secret", "--secret"}, paramLabel = "NAME=REF",
            description = "Sets variable NAME to the secret REF (repeatable).")
    List<String> secrets = new ArrayList<>();

    @Option(names = {"-secret-file", "--secret-file"}, paramLabel = "NAME=REF",
            description = "Writes the secret REF to a private file and sets NAME to its path (repeatable).")
    List<String> secretFiles = new ArrayList<>();

    @Option(names = {"-config", "--config"}, paramLabel = "FILE",
            description = "The config file mapping names to references (default: " + RunConfig.DEFAULT_FILE + " in the working directory, if there is one).")
    Path config;

    @Option(names = {"-env", "--env"}, paramLabel = "NAME",
            description = "The environment of the config file to use, besides its top-level secrets (default: $COFFER_ENV).")
    String environment;

    @Option(names = {"-pass-token", "--pass-token"},
            description = "Gives CMD coffer's token as COFFER_TOKEN (by default CMD gets neither COFFER_TOKEN nor VAULT_TOKEN).")
    boolean passToken;

    @CommandLine.Mixin
    RunLogin.Options login = new RunLogin.Options();

    @Parameters(index = "0", arity = "1", paramLabel = "CMD", description = "The command to run.")
    String cmd;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "ARGS", description = "Its arguments.")
    List<String> args = new ArrayList<>();

    /** Options end at CMD: {@code coffer run ls -la} passes {@code -la} to ls, as with {@code --}. */
    static final class OptionsEndAtCommand implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            spec.parser().stopAtPositional(true);
            return spec;
        }
    }

    @Override
    int run() {
        Map<String, String> env = System.getenv();
        try {
            List<Injection> options = new ArrayList<>();
            for (String s : secrets) {
                options.add(Injection.parseOption("-secret", s, false));
            }
            for (String s : secretFiles) {
                options.add(Injection.parseOption("-secret-file", s, true));
            }
            String envName = environment != null ? environment : blankToNull(env.get("COFFER_ENV"));
            Path file = config != null ? config : Path.of(RunConfig.DEFAULT_FILE);
            List<Injection> injections = SecretRun.collect(env, file, config != null, envName, options);
            if (login.requested()) {
                try (RunLogin session = RunLogin.start(login, clientOptions.clientWithToken(null), System.err)) {
                    return SecretRun.run(new SecretRun.Plan(injections, command(), passToken, env),
                            () -> clientOptions.clientWithToken(session.token()), session.token(), System.out, System.err);
                }
            }
            String token = injections.isEmpty() && !passToken ? null : ClientOptions.token();
            if (token == null && !injections.isEmpty()) {
                throw new CliFailure(2, "Error: no token to read the secrets with: set COFFER_TOKEN (or VAULT_TOKEN), "
                        + "or run coffer login; the command was not started");
            }
            return SecretRun.run(new SecretRun.Plan(injections, command(), passToken, env),
                    () -> clientOptions.clientWithToken(token), token, System.out, System.err);
        } catch (RunFailure f) {
            throw new CliFailure(2, "Error: " + f.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(130, "Error: interrupted");
        }
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(cmd);
        command.addAll(args);
        return command;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
