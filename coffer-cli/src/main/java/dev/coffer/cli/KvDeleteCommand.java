package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer kv delete}, with {@code undelete} and {@code destroy}: Vault's commands of those names. */
@Command(name = "delete", sortOptions = false,
        description = {"Deletes versions in the KV store.", "",
            "Deletes the secret at KEY. On KV version 2 this is a soft delete of the latest version (or of "
                + "the -versions given): the data stops being served but 'coffer kv undelete' brings it back. "
                + "Use 'coffer kv destroy' to remove data for good and 'coffer kv metadata delete' to remove "
                + "every version and the metadata. On KV version 1 the secret is gone."},
        footer = {"", "Examples:", "  coffer kv delete secret/app/db", "  coffer kv delete -versions=1,2 -mount=secret app/db"})
final class KvDeleteCommand extends ApiCommand {
    @Mixin
    KvPath.MountOption mount;

    @Option(names = {"-versions", "--versions"}, paramLabel = "N", split = ",",
            description = "KV version 2: the versions to delete (comma-separated or repeated); default: the latest.")
    List<String> versions = new ArrayList<>();

    @Parameters(index = "0", paramLabel = "KEY", description = "The secret: secret/app/db, or app/db with -mount.")
    String key;

    @Override
    int run() {
        List<Integer> vs = KvCommand.versions(this, versions);
        KvPath kp = KvPath.resolve(client(), mount.mount, key);
        String full = kp.api("data");
        try {
            if (kp.v2() && !vs.isEmpty()) {
                Logical.write(client(), kp.api("delete"), Map.of("versions", vs));
            } else {
                Logical.delete(client(), full);
            }
        } catch (ApiException e) {
            throw refused("deleting " + full, e);
        }
        Output.line("Success! Data deleted (if it existed) at: " + full);
        return 0;
    }

    /** Shared by undelete and destroy: a POST of {@code {versions}} to {@code <mount>/<verb>/<path>}. */
    abstract static class VersionsCommand extends ApiCommand {
        @Mixin
        KvPath.MountOption mount;

        @Option(names = {"-versions", "--versions"}, paramLabel = "N", split = ",", required = true,
                description = "The versions to act on (comma-separated or repeated).")
        List<String> versions = new ArrayList<>();

        @Parameters(index = "0", paramLabel = "KEY", description = "The secret: secret/app/db, or app/db with -mount.")
        String key;

        abstract String verb();

        @Override
        int run() {
            List<Integer> vs = KvCommand.versions(this, versions);
            if (vs.isEmpty()) {
                throw usage("No versions provided, use the \"-versions\" flag to specify the version to " + verb() + ".");
            }
            KvPath kp = KvPath.resolve(client(), mount.mount, key);
            if (!kp.v2()) {
                throw new CliFailure(2, Character.toUpperCase(verb().charAt(0)) + verb().substring(1)
                        + " not supported on KV Version 1");
            }
            String full = kp.api(verb());
            try {
                Logical.write(client(), full, Map.of("versions", vs));
            } catch (ApiException e) {
                throw refused("writing data to " + full, e);
            }
            Output.line("Success! Data written to: " + full);
            return 0;
        }
    }

    @Command(name = "undelete", sortOptions = false,
            description = {"Undeletes versions in the KV store.", "",
                "Restores soft-deleted versions of a KV version 2 secret, so that they are served again. "
                + "Destroyed versions cannot be restored."},
            footer = {"", "Examples:", "  coffer kv undelete -versions=3 secret/app/db"})
    static final class Undelete extends VersionsCommand {
        @Override
        String verb() {
            return "undelete";
        }
    }

    @Command(name = "destroy", sortOptions = false,
            description = {"Permanently removes one or more versions in the KV store.", "",
                "Permanently removes the data of versions of a KV version 2 secret. Their metadata stays, "
                + "marked destroyed; the data cannot be brought back."},
            footer = {"", "Examples:", "  coffer kv destroy -versions=1,2 secret/app/db"})
    static final class Destroy extends VersionsCommand {
        @Override
        String verb() {
            return "destroy";
        }
    }
}
