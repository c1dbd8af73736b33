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

/** {@code coffer kv put}: Vault's {@code vault kv put}. */
@Command(name = "put", sortOptions = false,
        description = {"Sets or updates data in the KV store.", "",
            "Writes the data to KEY, replacing what is there. On KV version 2 this adds a new version and "
                + "prints its metadata; older versions stay readable with 'coffer kv get -version'.",
            "",
            "Data is K=V pairs; k=@file reads a value from a file, k=- from stdin; @data.json or a lone - "
                + "reads a JSON object. To change some keys and keep the others use 'coffer kv patch'."},
        footer = {"", "Examples:", "  coffer kv put -mount=secret app/db user=app password=s3cr3t",
            "  coffer kv put -cas=0 secret/app/db password=first-only", "  coffer kv put secret/app/tls cert=@tls.pem",
            "  echo '{\"user\": \"app\"}' | coffer kv put secret/app/db -"})
final class KvPutCommand extends ApiCommand {
    @Mixin
    KvPath.MountOption mount;

    @Option(names = {"-cas", "--cas"}, paramLabel = "N", defaultValue = "-1",
            description = "Check-and-set (KV version 2): 0 writes only if the secret does not exist; N writes only if the "
                    + "current version is N. Default: no check.")
    int cas;

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
        if (data.isEmpty()) {
            throw usage("Must supply data");
        }
        output.format();
        Map<String, Object> values = DataArgs.parse(data);
        KvPath kp = KvPath.resolve(client(), mount.mount, key);
        String full = kp.api("data");
        Map<String, Object> body = values;
        if (kp.v2()) {
            Map<String, Object> options = new LinkedHashMap<>();
            if (cas > -1) {
                options.put("cas", cas);
            }
            body = new LinkedHashMap<>();
            body.put("data", values);
            body.put("options", options);
        }
        Map<String, Object> secret;
        try {
            secret = Logical.write(client(), full, body);
        } catch (ApiException e) {
            throw refused("writing data to " + full, e);
        }
        return KvCommand.printWritten(output, field, full, secret);
    }
}
