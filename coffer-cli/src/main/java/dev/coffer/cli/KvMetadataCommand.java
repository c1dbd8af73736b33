package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer kv metadata get|put|patch|delete}: Vault's {@code vault kv metadata}. */
@Command(name = "metadata",
        description = {"Interacts with the KV store's metadata.", "",
            "Reads and changes a KV version 2 secret's metadata: its versions, how many are kept, "
            + "check-and-set, automatic deletion and custom metadata.", ""},
        subcommands = {KvMetadataCommand.Get.class, KvMetadataCommand.Put.class, KvMetadataCommand.Patch.class,
            KvMetadataCommand.Delete.class})
final class KvMetadataCommand extends GroupCommand {

    static KvPath v2(ApiCommand cmd, String mount, String key) {
        KvPath kp = KvPath.resolve(cmd.client(), mount, key);
        if (!kp.v2()) {
            throw new CliFailure(2, "Metadata not supported on KV Version 1");
        }
        return kp;
    }

    @Command(name = "get", sortOptions = false,
            description = {"Retrieves a secret's metadata from the KV store.", "",
                "Shows a secret's metadata and the state of each version it keeps."},
            footer = {"", "Examples:", "  coffer kv metadata get secret/app/db"})
    static final class Get extends ApiCommand {
        @Mixin
        KvPath.MountOption mount;

        @Mixin
        OutputOptions output;

        @Mixin
        OutputOptions.Field field;

        @Parameters(index = "0", paramLabel = "KEY", description = "The secret: secret/app/db, or app/db with -mount.")
        String key;

        @Override
        int run() {
            String format = output.format();
            String full = v2(this, mount.mount, key).api("metadata");
            Map<String, Object> secret;
            try {
                secret = Logical.read(client(), full, Map.of());
            } catch (ApiException e) {
                throw refused("reading " + full, e);
            }
            if (secret == null) {
                throw new CliFailure(2, "No value found at " + full);
            }
            if (field.field != null) {
                return Logical.printField(format, Logical.field(secret, field.field), field.field);
            }
            if (!Output.TABLE.equals(format)) {
                Output.secret(format, secret);
                return 0;
            }
            Map<String, Object> data = new LinkedHashMap<>(Logical.data(secret));
            if (!(data.remove("versions") instanceof Map<?, ?> versions)) {
                throw new CliFailure(2, "No value found at " + full);
            }
            Output.path("Metadata Path", full);
            Output.line(Output.header("Metadata", data));
            Map<String, Object> shown = new LinkedHashMap<>(secret);
            shown.put("data", data);
            Output.secret(format, shown);
            Map<Integer, Object> byNumber = new TreeMap<>();
            versions.forEach((k, v) -> byNumber.put(Integer.parseInt(String.valueOf(k)), v));
            byNumber.forEach((n, v) -> {
                Map<?, ?> m = v instanceof Map<?, ?> mm ? mm : Map.of();
                Output.line("");
                Output.line(Output.header("Version " + n, m));
                Output.data(format, m);
            });
            return 0;
        }
    }

    /** The settings put and patch send: only the flags given. */
    abstract static class Settings extends ApiCommand {
        @Mixin
        KvPath.MountOption mount;

        @Option(names = {"-max-versions", "--max-versions"}, paramLabel = "N", defaultValue = "-1",
                description = "Versions to keep; older ones are removed. 0: the mount's setting.")
        int maxVersions;

        @Option(names = {"-cas-required", "--cas-required"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Require check-and-set (-cas) on every write of this secret.")
        Boolean casRequired;

        @Option(names = {"-delete-version-after", "--delete-version-after"}, paramLabel = "DURATION",
                description = "Delete each new version this long after it is written (30m, 12h, 7d); 0s: never.")
        String deleteVersionAfter;

        @Option(names = {"-custom-metadata", "--custom-metadata"}, paramLabel = "K=V",
                description = "A custom metadata pair (repeatable); replaces all custom metadata with put, merges with patch.")
        List<String> customMetadata = new ArrayList<>();

        @Parameters(index = "0", paramLabel = "KEY", description = "The secret: secret/app/db, or app/db with -mount.")
        String key;

        Map<String, Object> body() {
            Map<String, Object> body = new LinkedHashMap<>();
            if (maxVersions >= 0) {
                body.put("max_versions", maxVersions);
            }
            if (casRequired != null) {
                body.put("cas_required", casRequired);
            }
            if (deleteVersionAfter != null) {
                try {
                    body.put("delete_version_after", GoText.duration(GoText.parseDuration(deleteVersionAfter)));
                } catch (IllegalArgumentException e) {
                    throw usage("-delete-version-after: " + e.getMessage());
                }
            }
            if (!customMetadata.isEmpty()) {
                body.put("custom_metadata", DataArgs.pairs("-custom-metadata", customMetadata));
            }
            return body;
        }
    }

    @Command(name = "put", sortOptions = false,
            description = {"Sets or updates a secret's metadata in the KV store.", "",
                "Sets a secret's metadata (creating the metadata if the secret has none yet). Settings "
                + "not given keep their value, except -custom-metadata, which replaces the whole set."},
            footer = {"", "Examples:", "  coffer kv metadata put -max-versions=5 -cas-required secret/app/db",
                "  coffer kv metadata put -custom-metadata=owner=team-a secret/app/db"})
    static final class Put extends Settings {
        @Override
        int run() {
            Map<String, Object> body = body();
            String full = v2(this, mount.mount, key).api("metadata");
            try {
                Logical.write(client(), full, body);
            } catch (ApiException e) {
                throw refused("writing data to " + full, e);
            }
            Output.line("Success! Data written to: " + full);
            return 0;
        }
    }

    @Command(name = "patch", sortOptions = false,
            description = {"Patches a secret's metadata in the KV store.", "",
                "Changes some of an existing secret's metadata; -custom-metadata pairs are merged into "
                + "the existing ones (an empty value removes a key)."},
            footer = {"", "Examples:", "  coffer kv metadata patch -custom-metadata=owner=team-b secret/app/db"})
    static final class Patch extends Settings {
        @Override
        int run() {
            Map<String, Object> body = body();
            String full = v2(this, mount.mount, key).api("metadata");
            try {
                Logical.patch(client(), full, body);
            } catch (ApiException e) {
                throw refused("writing data to " + full, e);
            }
            Output.line("Success! Data written to: " + full);
            return 0;
        }
    }

    @Command(name = "delete", sortOptions = false,
            description = {"Deletes all versions and metadata of a secret in the KV store.", "",
                "Deletes a secret's metadata and every version of it, for good."},
            footer = {"", "Examples:", "  coffer kv metadata delete secret/app/db"})
    static final class Delete extends ApiCommand {
        @Mixin
        KvPath.MountOption mount;

        @Parameters(index = "0", paramLabel = "KEY", description = "The secret: secret/app/db, or app/db with -mount.")
        String key;

        @Override
        int run() {
            String full = v2(this, mount.mount, key).api("metadata");
            try {
                Logical.delete(client(), full);
            } catch (ApiException e) {
                throw refused("deleting " + full, e);
            }
            Output.line("Success! Data deleted (if it existed) at: " + full);
            return 0;
        }
    }
}
