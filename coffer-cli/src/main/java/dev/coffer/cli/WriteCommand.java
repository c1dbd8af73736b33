package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer write PATH [K=V...]}: Vault's {@code vault write}. */
@Command(name = "write", sortOptions = false,
        description = {"Writes data, configuration and secrets.", "",
            "Writes data to the server at the given path. This is the low-level write: it can write secrets, "
                + "configuration and anything else the API accepts. For KV secrets prefer 'coffer kv put'.",
            "",
            "Data is given as K=V pairs. A value starting with @ is read from that file (k=@cert.pem); a value "
                + "of - is read from stdin (k=-); write k=\\@x for a literal @x. An argument @data.json, or a lone -, "
                + "reads a JSON object from that file or stdin and merges it in. A repeated key becomes a list."},
        footer = {"", "Examples:", "  coffer write secret/app password=s3cr3t",
            "  echo '{\"policy\": \"...\"}' | coffer write sys/policies/acl/app -",
            "  coffer write -force auth/token/revoke-self"})
final class WriteCommand extends ApiCommand {
    @Mixin
    OutputOptions output;

    @Mixin
    OutputOptions.Field field;

    @Option(names = {"-force", "--force", "-f"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "Allow the write without any data (some endpoints take none).")
    boolean force;

    @Parameters(index = "0", paramLabel = "PATH", description = "The API path to write, without /v1/.")
    String path;

    @Parameters(index = "1..*", paramLabel = "DATA", description = "K=V pairs, @file.json or - (see above).")
    List<String> data = new ArrayList<>();

    @Override
    int run() {
        if (data.isEmpty() && !force) {
            throw usage("Must supply data or use -force");
        }
        String p = sanitize(path);
        String format = output.format();
        Map<String, Object> body = DataArgs.parse(data);
        Map<String, Object> secret;
        try {
            secret = Logical.write(client(), p, body);
        } catch (ApiException e) {
            throw refused("writing data to " + p, e);
        }
        if (secret == null) {
            if (Output.TABLE.equals(format)) {
                Output.line("Success! Data written to: " + p);
            }
            return 0;
        }
        return field.print(format, secret);
    }
}
