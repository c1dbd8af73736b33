package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code coffer kv list}: Vault's {@code vault kv list}. */
@Command(name = "list", sortOptions = false,
        description = {"Lists data or secrets in the KV store.", "",
            "Lists the secrets and folders (ending in /) directly under a path. An empty or missing folder "
                + "is \"No value found at <path>\" and exit code 2."},
        footer = {"", "Examples:", "  coffer kv list secret/", "  coffer kv list -mount=secret app"})
final class KvListCommand extends ApiCommand {
    @Mixin
    KvPath.MountOption mount;

    @Mixin
    OutputOptions output;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PATH",
            description = "The folder: secret/app, or app with -mount (may be left out with -mount).")
    String path;

    @Override
    int run() {
        String format = output.format();
        if (path == null && (mount.mount == null || mount.mount.isBlank())) {
            throw usage("Missing required parameter: 'PATH'");
        }
        KvPath kp = KvPath.resolve(client(), mount.mount, path == null ? "" : path);
        String full = kp.api("metadata");
        Map<String, Object> secret;
        try {
            secret = Logical.list(client(), full);
        } catch (ApiException e) {
            throw refused("listing " + full, e);
        }
        return ListCommand.printList(format, secret, full);
    }
}
