package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code coffer read PATH [K=V...]}: Vault's {@code vault read}. */
@Command(name = "read", sortOptions = false,
        description = {"Reads data and retrieves secrets.", "",
            "Reads data from the server at the given path. This is the low-level read: it can read secrets, "
                + "configuration and anything else the API serves. For KV secrets prefer 'coffer kv get', which "
                + "knows the KV version 2 layout.",
            "",
            "K=V arguments are sent as query parameters."},
        footer = {"", "Examples:", "  coffer read secret/data/app", "  coffer read -field=policies auth/token/lookup-self",
            "  coffer read -format=json sys/mounts"})
final class ReadCommand extends ApiCommand {
    @Mixin
    OutputOptions output;

    @Mixin
    OutputOptions.Field field;

    @Parameters(index = "0", paramLabel = "PATH", description = "The API path to read, without /v1/.")
    String path;

    @Parameters(index = "1..*", paramLabel = "K=V", description = "Query parameters.")
    List<String> params = new ArrayList<>();

    @Override
    int run() {
        String p = sanitize(path);
        String format = output.format();
        Map<String, String> query = new LinkedHashMap<>();
        DataArgs.parse(params).forEach((k, v) -> query.put(k, String.valueOf(v)));
        Map<String, Object> secret;
        try {
            secret = Logical.read(client(), p, query);
        } catch (ApiException e) {
            throw refused("reading " + p, e);
        }
        if (secret == null) {
            throw new CliFailure(2, "No value found at " + p);
        }
        return field.print(format, secret);
    }
}
