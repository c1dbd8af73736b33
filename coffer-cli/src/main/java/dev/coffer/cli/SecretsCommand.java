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

/** {@code coffer secrets enable|disable|list|tune}: Vault's {@code vault secrets}. */
@Command(name = "secrets",
        description = {"Interacts with secrets engines.", "",
            "Mounts, lists, tunes and unmounts secrets engines. Each engine is mounted at a path "
            + "(secret/, kv/, ...) and serves everything below it.", ""},
        subcommands = {SecretsCommand.Enable.class, SecretsCommand.Disable.class, SecretsCommand.ListMounts.class,
            SecretsCommand.Tune.class})
final class SecretsCommand extends GroupCommand {

    static String withSlash(String path) {
        String p = ApiCommand.sanitize(path);
        return p.endsWith("/") ? p : p + "/";
    }

    /** A TTL flag as the API takes it: Go duration text, or "system" for 0 (tune: back to the default). */
    static String ttl(ApiCommand cmd, String flag, String value, boolean zeroIsSystem) {
        try {
            java.time.Duration d = GoText.parseDuration(value);
            return d.isZero() && zeroIsSystem ? "system" : GoText.duration(d);
        } catch (IllegalArgumentException e) {
            throw cmd.usage(flag + ": " + e.getMessage());
        }
    }

    @Command(name = "enable", sortOptions = false,
            description = {"Enables a secrets engine.", "",
                "Mounts a secrets engine of type TYPE at -path (default: the type's name). kv-v2 is the "
                + "kv engine with version 2 (versioned secrets); -version=2 does the same for kv."},
            footer = {"", "Examples:", "  coffer secrets enable -path=secret kv-v2",
                "  coffer secrets enable -path=legacy -description=\"old secrets\" kv",
                "  coffer secrets enable -path=team -version=2 -max-lease-ttl=24h kv"})
    static final class Enable extends ApiCommand {
        @Option(names = {"-path", "--path"}, paramLabel = "PATH", description = "Where to mount; default: TYPE.")
        String path;

        @Option(names = {"-description", "--description"}, paramLabel = "TEXT", defaultValue = "",
                description = "A human-friendly description.")
        String description;

        @Option(names = {"-version", "--version"}, paramLabel = "N", defaultValue = "0",
                description = "Engine version; for kv, 2 means versioned secrets (same as options version=2).")
        int version;

        @Option(names = {"-options", "--options"}, paramLabel = "K=V",
                description = "An engine option (repeatable), e.g. -options=version=2.")
        List<String> options = new ArrayList<>();

        @Option(names = {"-default-lease-ttl", "--default-lease-ttl"}, paramLabel = "DURATION",
                description = "Default TTL of the engine's leases; default: the system's.")
        String defaultLeaseTtl;

        @Option(names = {"-max-lease-ttl", "--max-lease-ttl"}, paramLabel = "DURATION",
                description = "Maximum TTL of the engine's leases; default: the system's.")
        String maxLeaseTtl;

        @Option(names = {"-local", "--local"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Mark the mount local (not replicated).")
        boolean local;

        @Option(names = {"-seal-wrap", "--seal-wrap"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Accepted for compatibility with Vault.")
        boolean sealWrap;

        @Parameters(index = "0", paramLabel = "TYPE", description = "Engine type: kv, kv-v2, ...")
        String type;

        @Override
        int run() {
            String engine = type.trim();
            String mountPath = withSlash(path == null || path.isBlank() ? engine : path);
            Map<String, String> opts = new TreeMap<>(DataArgs.pairs("-options", options));
            if (version > 0) {
                opts.put("version", String.valueOf(version));
            }
            Map<String, Object> config = new LinkedHashMap<>();
            if (defaultLeaseTtl != null) {
                config.put("default_lease_ttl", ttl(this, "-default-lease-ttl", defaultLeaseTtl, false));
            }
            if (maxLeaseTtl != null) {
                config.put("max_lease_ttl", ttl(this, "-max-lease-ttl", maxLeaseTtl, false));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", engine);
            body.put("description", description);
            body.put("config", config);
            body.put("local", local);
            body.put("seal_wrap", sealWrap);
            if (!opts.isEmpty()) {
                body.put("options", opts);
            }
            try {
                Logical.write(client(), "sys/mounts/" + mountPath, body);
            } catch (ApiException e) {
                throw refused("enabling", e);
            }
            Output.line("Success! Enabled the " + engine + " secrets engine at: " + mountPath);
            return 0;
        }
    }

    @Command(name = "disable", sortOptions = false,
            description = {"Disables a secrets engine.", "",
                "Unmounts the secrets engine at PATH. Every secret stored in it is deleted."},
            footer = {"", "Examples:", "  coffer secrets disable legacy/"})
    static final class Disable extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PATH", description = "The mount path.")
        String path;

        @Override
        int run() {
            String mountPath = withSlash(path);
            try {
                Logical.delete(client(), "sys/mounts/" + mountPath);
            } catch (ApiException e) {
                throw refused("disabling secrets engine at " + mountPath, e);
            }
            Output.line("Success! Disabled the secrets engine (if it existed) at: " + mountPath);
            return 0;
        }
    }

    @Command(name = "list", sortOptions = false,
            description = {"Lists enabled secrets engines.", "",
                "Lists the mounted secrets engines: path, type, accessor and description; -detailed adds "
                + "TTLs, options, replication and more."},
            footer = {"", "Examples:", "  coffer secrets list", "  coffer secrets list -detailed -format=json"})
    static final class ListMounts extends ApiCommand {
        @Option(names = {"-detailed", "--detailed"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Show every property of each mount.")
        boolean detailed;

        @Mixin
        OutputOptions output;

        @Override
        int run() {
            String format = output.format();
            Map<String, Object> mounts;
            try {
                mounts = Logical.data(client().read("sys/mounts"));
            } catch (ApiException e) {
                throw refused("listing secrets engines", e);
            }
            if (mounts == null) {
                mounts = Map.of();
            }
            if (!Output.TABLE.equals(format)) {
                Output.structured(format, mounts);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (Map.Entry<String, Object> e : GoText.sorted(mounts).entrySet()) {
                Map<?, ?> m = e.getValue() instanceof Map<?, ?> mm ? mm : Map.of();
                rows.add(detailed ? detailedRow(e.getKey(), m) : List.of(e.getKey(), str(m.get("type")),
                        str(m.get("accessor")), str(m.get("description"))));
            }
            List<String> header = detailed
                    ? List.of("Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Force No Cache", "Replication",
                            "Seal Wrap", "External Entropy Access", "Options", "Description", "UUID", "Version",
                            "Running Version", "Running SHA256", "Deprecation Status")
                    : List.of("Path", "Type", "Accessor", "Description");
            System.out.print(Columns.table(header, rows));
            return 0;
        }

        private static List<String> detailedRow(String path, Map<?, ?> m) {
            String type = str(m.get("type"));
            Map<?, ?> config = m.get("config") instanceof Map<?, ?> c ? c : Map.of();
            return List.of(path, type, str(m.get("accessor")), ttlCell(type, config.get("default_lease_ttl")),
                    ttlCell(type, config.get("max_lease_ttl")), str(config.get("force_no_cache")),
                    Boolean.TRUE.equals(m.get("local")) ? "local" : "replicated", str(m.get("seal_wrap")),
                    str(m.get("external_entropy_access")), m.get("options") instanceof Map<?, ?> o ? GoText.value(o) : "map[]",
                    str(m.get("description")), str(m.get("uuid")), str(m.get("plugin_version")),
                    str(m.get("running_plugin_version")), str(m.get("running_sha256")), str(m.get("deprecation_status")));
        }

        private static String ttlCell(String type, Object ttl) {
            if (type.equals("system") || type.equals("cubbyhole")) {
                return "";
            }
            long t = ttl instanceof Number n ? n.longValue() : 0;
            return t != 0 ? String.valueOf(t) : "system";
        }

        private static String str(Object o) {
            return o == null ? "" : String.valueOf(o);
        }
    }

    @Command(name = "tune", sortOptions = false,
            description = {"Tunes a secrets engine's configuration.", "",
                "Changes the settings of the secrets engine mounted at PATH: lease TTLs, description and "
                + "options. Settings not given keep their value; a TTL of 0 goes back to the system default."},
            footer = {"", "Examples:", "  coffer secrets tune -max-lease-ttl=72h secret/",
                "  coffer secrets tune -description=\"team secrets\" -options=version=2 team/"})
    static final class Tune extends ApiCommand {
        @Option(names = {"-default-lease-ttl", "--default-lease-ttl"}, paramLabel = "DURATION",
                description = "Default TTL of the engine's leases (0: the system default).")
        String defaultLeaseTtl;

        @Option(names = {"-max-lease-ttl", "--max-lease-ttl"}, paramLabel = "DURATION",
                description = "Maximum TTL of the engine's leases (0: the system default).")
        String maxLeaseTtl;

        @Option(names = {"-description", "--description"}, paramLabel = "TEXT", description = "A new description.")
        String description;

        @Option(names = {"-options", "--options"}, paramLabel = "K=V",
                description = "An engine option to set (repeatable), e.g. -options=version=2.")
        List<String> options = new ArrayList<>();

        @Option(names = {"-version", "--version"}, paramLabel = "N", defaultValue = "0",
                description = "Engine version; for kv, 2 upgrades to versioned secrets.")
        int version;

        @Parameters(index = "0", paramLabel = "PATH", description = "The mount path.")
        String path;

        @Override
        int run() {
            String mountPath = withSlash(path);
            Map<String, Object> body = new LinkedHashMap<>();
            if (defaultLeaseTtl != null) {
                body.put("default_lease_ttl", ttl(this, "-default-lease-ttl", defaultLeaseTtl, true));
            }
            if (maxLeaseTtl != null) {
                body.put("max_lease_ttl", ttl(this, "-max-lease-ttl", maxLeaseTtl, true));
            }
            if (description != null) {
                body.put("description", description);
            }
            Map<String, String> opts = new TreeMap<>(DataArgs.pairs("-options", options));
            if (version > 0) {
                opts.put("version", String.valueOf(version));
            }
            if (!opts.isEmpty()) {
                body.put("options", opts);
            }
            try {
                Logical.write(client(), "sys/mounts/" + mountPath + "tune", body);
            } catch (ApiException e) {
                throw refused("tuning secrets engine " + mountPath, e);
            }
            Output.line("Success! Tuned the secrets engine at: " + mountPath);
            return 0;
        }
    }
}
