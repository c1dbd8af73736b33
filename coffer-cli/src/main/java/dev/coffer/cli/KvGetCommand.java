package dev.coffer.cli;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer kv get}: Vault's {@code vault kv get}. */
@Command(name = "get", sortOptions = false,
        description = {"Retrieves data from the KV store.", "",
            "Reads the secret at KEY. On KV version 2 this is the current version unless -version names "
                + "another, and the table shows the version's metadata above the data. A missing secret is "
                + "\"No value found at <path>\" on stderr and exit code 2."},
        footer = {"", "Examples:", "  coffer kv get -mount=secret app/db", "  coffer kv get -version=1 secret/app/db",
            "  coffer kv get -field=password secret/app/db"})
final class KvGetCommand extends ApiCommand {
    @Mixin
    KvPath.MountOption mount;

    @Option(names = {"-version", "--version"}, paramLabel = "N", defaultValue = "0",
            description = "The version to read (KV version 2); default: the current one.")
    int version;

    @Mixin
    OutputOptions output;

    @Mixin
    OutputOptions.Field field;

    @Parameters(index = "0", paramLabel = "KEY", description = "The secret: secret/app/db, or app/db with -mount.")
    String key;

    @Override
    int run() {
        String format = output.format();
        KvPath kp = KvPath.resolve(client(), mount.mount, key);
        String full = kp.api("data");
        Map<String, String> query = kp.v2() && version > 0 ? Map.of("version", String.valueOf(version)) : Map.of();
        Map<String, Object> secret = KvCommand.readData(this, full, query, "reading ");
        if (secret == null) {
            throw new CliFailure(2, "No value found at " + full);
        }
        Map<String, Object> outer = Logical.data(secret);
        Map<String, Object> data = kp.v2() ? Logical.data(outer) : outer;
        if (field.field != null) {
            if (!kp.v2()) {
                return Logical.printField(format, Logical.field(secret, field.field), field.field);
            }
            if (data == null) {
                throw new CliFailure(2, "No data found at " + full);
            }
            if (field.field.equals("data") && !data.containsKey("data")) {
                return Logical.printField(format, data, field.field);
            }
            return Logical.printField(format, data.get(field.field), field.field);
        }
        if (!Output.TABLE.equals(format)) {
            Output.secret(format, secret);
            return 0;
        }
        Output.warnings(secret);
        if (kp.v2()) {
            Output.path("Secret Path", full);
            if (outer != null && outer.get("metadata") instanceof Map<?, ?> md) {
                Output.line(Output.header("Metadata", md));
                Output.data(format, md);
                Output.line("");
            }
        }
        if (data != null) {
            Output.line(Output.header("Data", data));
            Output.data(format, data);
        }
        return 0;
    }
}
