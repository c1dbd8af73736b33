package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer kv patch}: Vault's {@code vault kv patch} (KV version 2 only). */
@Command(name = "patch", sortOptions = false,
        description = {"Sets or updates some keys of a secret in the KV store.", "",
            "Changes some keys of an existing secret and keeps the others, writing the result as a new "
                + "version (KV version 2 only). By default the server merges the change (HTTP PATCH); -method=rw "
                + "reads the current version and writes the merged data back with check-and-set instead."},
        footer = {"", "Examples:", "  coffer kv patch -mount=secret app/db password=rotated",
            "  coffer kv patch -remove-data=old_key secret/app/db", "  coffer kv patch -method=rw secret/app/db ttl=1h"})
final class KvPatchCommand extends ApiCommand {
    @Mixin
    KvPath.MountOption mount;

    @Option(names = {"-cas", "--cas"}, paramLabel = "N", defaultValue = "-1",
            description = "Check-and-set: patch only if the current version is N.")
    int cas;

    @Option(names = {"-method", "--method"}, paramLabel = "METHOD", defaultValue = "",
            description = "patch (server-side merge) or rw (read, merge here, write with check-and-set). Default: patch.")
    String method;

    @Option(names = {"-remove-data", "--remove-data"}, paramLabel = "KEY", split = ",",
            description = "Keys to remove from the secret (repeatable, or comma-separated).")
    List<String> removeData = new ArrayList<>();

    @Mixin
    OutputOptions output;

    @Mixin
    OutputOptions.Field field;

    @Parameters(index = "0", paramLabel = "KEY", description = "The secret: secret/app/db, or app/db with -mount.")
    String key;

    @Parameters(index = "1..*", paramLabel = "DATA", description = "K=V pairs, @file.json or -.")
    List<String> data = new ArrayList<>();

    @Override
    int run() {
        if (data.isEmpty() && removeData.isEmpty()) {
            throw usage("Must supply data");
        }
        if (!method.isEmpty() && !method.equals("patch") && !method.equals("rw")) {
            throw usage("Unsupported method provided to -method flag: " + method);
        }
        output.format();
        Map<String, Object> changes = new LinkedHashMap<>(DataArgs.parse(data));
        KvPath kp = KvPath.resolve(client(), mount.mount, key);
        if (!kp.v2()) {
            throw new CliFailure(2, "K/V engine mount must be version 2 for patch support");
        }
        String full = kp.api("data");
        Map<String, Object> secret = method.equals("rw") ? readThenWrite(full, changes) : mergePatch(full, changes);
        return KvCommand.printWritten(output, field, full, secret);
    }

    private Map<String, Object> mergePatch(String full, Map<String, Object> changes) {
        for (String k : removeData) {
            changes.put(k, null);
        }
        Map<String, Object> options = new LinkedHashMap<>();
        if (cas > -1) {
            options.put("cas", cas);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", changes);
        body.put("options", options);
        try {
            return Logical.patch(client(), full, body);
        } catch (ApiException e) {
            if (e.status() == 405 && method.isEmpty()) {
                return readThenWrite(full, changes);
            }
            if (e.status() == 404) {
                throw new CliFailure(2, "Error writing data to " + full + ": " + e.getMessage()
                        + "\n\nNo secret to patch: patch changes an existing secret; write it first with 'coffer kv put'.");
            }
            throw refused("writing data to " + full, e);
        }
    }

    private Map<String, Object> readThenWrite(String full, Map<String, Object> changes) {
        Map<String, Object> current = KvCommand.readData(this, full, Map.of(), "doing pre-read at ");
        Map<String, Object> outer = Logical.data(current);
        if (current == null || outer == null) {
            throw new CliFailure(2, "No value found at " + full);
        }
        if (!(outer.get("metadata") instanceof Map<?, ?> meta)) {
            throw new CliFailure(2, "No metadata found at " + full + "; patch only works on existing data");
        }
        Map<String, Object> old = Logical.data(outer);
        if (old == null) {
            throw new CliFailure(2, "No data found at " + full + "; patch only works on existing data");
        }
        Map<String, Object> merged = new LinkedHashMap<>(old);
        changes.forEach((k, v) -> {
            if (v == null) {
                merged.remove(k);
            } else {
                merged.put(k, v);
            }
        });
        removeData.forEach(merged::remove);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("data", merged);
        body.put("options", Map.of("cas", cas > -1 ? cas : meta.get("version")));
        try {
            return Logical.write(client(), full, body);
        } catch (ApiException e) {
            throw refused("writing data to " + full, e);
        }
    }
}
