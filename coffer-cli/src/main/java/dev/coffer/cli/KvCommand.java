package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code coffer kv ...}: Vault's {@code vault kv}, for both KV versions. */
@Command(name = "kv",
        description = {"Interacts with the key/value secrets engine.", "",
            "Interact with the key/value secrets engine. Each command finds out whether the mount is KV "
                + "version 1 or 2 and uses the matching API paths, so secret/app/db means the secret app/db in the "
                + "mount secret/ either way. Give the mount with -mount=secret and the path inside it (app/db), or "
                + "both together (secret/app/db).",
            ""},
        subcommands = {KvGetCommand.class, KvPutCommand.class, KvPatchCommand.class, KvListCommand.class,
            KvDeleteCommand.class, KvDeleteCommand.Undelete.class, KvDeleteCommand.Destroy.class,
            KvMetadataCommand.class, KvRollbackCommand.class},
        footer = {"", "Examples:", "  coffer kv put -mount=secret app/db password=s3cr3t", "  coffer kv get secret/app/db",
            "  coffer kv get -field=password -version=1 secret/app/db"})
final class KvCommand extends GroupCommand {

    /** Prints a KV v2 write's answer as Vault does: the path, then the new version's metadata. */
    static int printWritten(OutputOptions output, OutputOptions.Field field, String fullPath, Map<String, Object> secret) {
        String format = output.format();
        if (secret == null) {
            if (Output.TABLE.equals(format)) {
                Output.line("Success! Data written to: " + fullPath);
            }
            return 0;
        }
        if (field != null && field.field != null) {
            return Logical.printField(format, Logical.field(secret, field.field), field.field);
        }
        if (!Output.TABLE.equals(format)) {
            Output.secret(format, secret);
            return 0;
        }
        Output.warnings(secret);
        Output.path("Secret Path", fullPath);
        Map<String, Object> metadata = Logical.data(secret);
        Output.line(Output.header("Metadata", metadata == null ? Map.of() : metadata));
        Output.data(format, metadata == null ? Map.of() : metadata);
        return 0;
    }

    /** {@code -versions=1,2} (or repeated) as numbers. */
    static List<Integer> versions(ApiCommand cmd, List<String> raw) {
        List<Integer> out = new ArrayList<>();
        for (String v : raw) {
            String t = v.trim();
            if (t.isEmpty()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw cmd.usage("Invalid value '" + v + "' for -versions: use version numbers such as -versions=1,2");
            }
        }
        return out;
    }

    /** The secret at a KV v2 data path, with Vault's "deleted version" answer (404 with metadata) kept. */
    static Map<String, Object> readData(ApiCommand cmd, String fullPath, Map<String, String> query, String context) {
        try {
            return Logical.read(cmd.client(), fullPath, query);
        } catch (ApiException e) {
            throw ApiCommand.refused(context + fullPath, e);
        }
    }
}
