package dev.coffer.cli;

import dev.coffer.client.ApiException;
import dev.coffer.client.CofferClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the server. Exit codes follow Vault's CLI: 0 success; 2 a usage error or
 * a call the server refused (its {@code Code: N. Errors:} on stderr); 1 a local failure such as an
 * unreadable file.
 */
abstract class ApiCommand implements Callable<Integer> {
    @Mixin
    ClientOptions clientOptions;

    @Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec spec;

    private CofferClient client;

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (CliFailure f) {
            System.err.println(f.getMessage());
            return f.exitCode();
        } catch (ApiException e) {
            System.err.println("Error: " + e.getMessage());
            return 2;
        }
    }

    abstract int run();

    CofferClient client() {
        if (client == null) {
            client = clientOptions.client();
        }
        return client;
    }

    /** A usage error: picocli prints the message and this command's usage; exit code 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The server refused: {@code Error <doing what>: <Vault's error text>}, exit code 2. */
    static CliFailure refused(String context, ApiException e) {
        return new CliFailure(2, "Error " + context + ": " + e.getMessage());
    }

    /** Vault's path clean-up: surrounding spaces and one leading and trailing slash go. */
    static String sanitize(String path) {
        String p = path.trim();
        if (p.startsWith("/")) {
            p = p.substring(1);
        }
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
