package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer kv rollback}: Vault's {@code vault kv rollback} (KV version 2 only). */
@Command(name = "rollback", sortOptions = false,
        description = {"Rolls back to a previous version of data.", "",
            "Makes an earlier version current again by writing its data as a new version: if the current "
                + "version is 5 and -version=2, version 6 gets version 2's data. The write uses check-and-set "
                + "against the version read first, so a concurrent write makes it fail rather than be lost. "
                + "Deleted and destroyed versions cannot be rolled back to."},
        footer = {"", "Examples:", "  coffer kv rollback -version=2 secret/app/db"})
final class KvRollbackCommand extends ApiCommand {
    @Mixin
    KvPath.MountOption mount;

    @Option(names = {"-version", "--version"}, paramLabel = "N", required = true,
            description = "The version whose data becomes current again.")
    int version;

    @Mixin
    OutputOptions output;

    @Mixin
    OutputOptions.Field field;

    @Parameters(index = "0", paramLabel = "KEY", description = "The secret: secret/app/db, or app/db with -mount.")
    String key;

    @Override
    int run() {
        if (version <= 0) {
            throw usage("Invalid value " + version + " for the version flag");
        }
        output.format();
        KvPath kp = KvPath.resolve(client(), mount.mount, key);
        if (!kp.v2()) {
            throw new CliFailure(2, "K/V engine mount must be version 2 for rollback support");
        }
        String full = kp.api("data");
        Map<String, Object> current = metadataOf(KvCommand.readData(this, full, Map.of(), "doing pre-read at "), full);
        Object casVersion = current.get("version");

        Map<String, Object> old = KvCommand.readData(this, full, Map.of("version", String.valueOf(version)), "doing pre-read at ");
        Map<String, Object> oldMeta = metadataOf(old, full);
        if (oldMeta.get("deletion_time") instanceof String t && !t.isEmpty()) {
            throw new CliFailure(2, "Cannot roll back to a version that has been deleted");
        }
        if (Boolean.TRUE.equals(oldMeta.get("destroyed"))) {
            throw new CliFailure(2, "Cannot roll back to a version that has been destroyed");
        }
        Map<String, Object> data = Logical.data(Logical.data(old));
        if (data == null) {
            throw new CliFailure(2, "No data found at " + full + "; rollback only works on existing data");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", data);
        body.put("options", Map.of("cas", casVersion));
        Map<String, Object> secret;
        try {
            secret = Logical.write(client(), full, body);
        } catch (ApiException e) {
            throw refused("writing data to " + full, e);
        }
        return KvCommand.printWritten(output, field, full, secret);
    }

    private static Map<String, Object> metadataOf(Map<String, Object> secret, String full) {
        Map<String, Object> outer = Logical.data(secret);
        if (outer == null) {
            throw new CliFailure(2, "No value found at " + full);
        }
        if (!(outer.get("metadata") instanceof Map<?, ?>)) {
            throw new CliFailure(2, "No metadata found at " + full + "; rollback only works on existing data");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) outer.get("metadata");
        return meta;
    }
}
