package dev.coffer.cli;

import dev.coffer.client.ApiException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coffer delete PATH}: Vault's {@code vault delete}. */
@Command(name = "delete", sortOptions = false,
        description = {"Deletes secrets and configuration.", "",
            "Deletes the secret or configuration at the given path. What deletion means is up to the secrets "
                + "engine: on KV version 1 the secret is gone; on KV version 2 (secret/data/...) the latest version "
                + "is soft-deleted — see 'coffer kv delete'."},
        footer = {"", "Examples:", "  coffer delete secret/app", "  coffer delete sys/mounts/old"})
final class DeleteCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PATH", description = "The API path to delete, without /v1/.")
    String path;

    @Override
    int run() {
        String p = sanitize(path);
        try {
            Logical.delete(client(), p);
        } catch (ApiException e) {
            throw refused("deleting " + p, e);
        }
        Output.line("Success! Data deleted (if it existed) at: " + p);
        return 0;
    }
}
