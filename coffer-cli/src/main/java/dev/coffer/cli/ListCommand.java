package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code coffer list PATH}: Vault's {@code vault list}. */
@Command(name = "list", sortOptions = false,
        description = {"Lists data or secrets.", "",
            "Lists the keys at the given path. Keys ending in / are folders that hold more keys. For KV "
                + "version 2 secrets list secret/metadata/..., or use 'coffer kv list'."},
        footer = {"", "Examples:", "  coffer list secret/metadata/", "  coffer list auth/token/roles"})
final class ListCommand extends ApiCommand {
    @Mixin
    OutputOptions output;

    @Parameters(index = "0", paramLabel = "PATH", description = "The API path to list, without /v1/.")
    String path;

    @Override
    int run() {
        String p = sanitize(path) + "/";
        String format = output.format();
        Map<String, Object> secret;
        try {
            secret = Logical.list(client(), p);
        } catch (ApiException e) {
            throw refused("listing " + p, e);
        }
        return printList(format, secret, p);
    }

    /** Vault's list output: the keys as a table, or as a JSON/YAML array; nothing there is exit code 2. */
    static int printList(String format, Map<String, Object> secret, String path) {
        Map<String, Object> data = Logical.data(secret);
        Object keys = data == null ? null : data.get("keys");
        if (!Output.TABLE.equals(format) && !(keys instanceof List<?>)) {
            Output.structured(format, Map.of());
            return 2;
        }
        if (secret == null) {
            throw new CliFailure(2, "No value found at " + path);
        }
        if (!(keys instanceof List<?> list)) {
            throw new CliFailure(2, "No entries found at " + path);
        }
        if (Output.TABLE.equals(format)) {
            Output.warnings(secret);
            Output.keys(list);
        } else {
            Output.structured(format, list);
        }
        return 0;
    }
}
