package dev.coffer.cli;

import dev.coffer.client.ApiException;
import dev.coffer.client.CofferClient;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code coffer status}: exit 0 unsealed, 2 sealed, 1 unreachable or error — as Vault's CLI. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show whether the server is initialised and sealed. Exit code 0: unsealed, 2: sealed, 1: error.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    @Option(names = {"-format", "--format"}, defaultValue = "table", description = "table or json")
    String format;

    @Override
    public Integer call() {
        CofferClient c = client.client();
        Map<String, Object> s;
        try {
            s = c.read("sys/seal-status");
        } catch (ApiException e) {
            System.err.println("Error checking seal status: " + e.getMessage());
            return 1;
        }
        Output.print(format, s, OperatorCommand.sealStatusRows(s));
        return Boolean.TRUE.equals(s.get("sealed")) ? 2 : 0;
    }
}
