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

/** {@code coffer token create|lookup|renew|revoke|capabilities}: Vault's {@code vault token}. */
@Command(name = "token",
        description = {"Interacts with tokens.", "",
            "Creates, inspects, renews and revokes tokens, and shows what a token may do. A token "
            + "argument is visible to other users of the machine; prefer commands that act on your own token "
            + "(no argument) or on an accessor.", ""},
        subcommands = {TokenCommand.Create.class, TokenCommand.Lookup.class, TokenCommand.Renew.class,
            TokenCommand.Revoke.class, TokenCommand.Capabilities.class})
final class TokenCommand extends GroupCommand {

    static String duration(ApiCommand cmd, String flag, String value) {
        try {
            return GoText.duration(GoText.parseDuration(value));
        } catch (IllegalArgumentException e) {
            throw cmd.usage(flag + ": " + e.getMessage());
        }
    }

    @Command(name = "create", sortOptions = false,
            description = {"Creates a new token.", "",
                "Creates a token. By default it is a child of the token you use: it gets your policies "
                + "(or the subset -policy names), and is revoked with yours. -orphan makes it independent (root or "
                + "sudo). The table shows the new token once; -field=token prints only the token."},
            footer = {"", "Examples:", "  coffer token create -policy=app-read -ttl=1h",
                "  coffer token create -policy=ci -period=24h -orphan -field=token",
                "  coffer token create -role=deployer -metadata=pipeline=build-42"})
    static final class Create extends ApiCommand {
        @Option(names = {"-policy", "--policy"}, paramLabel = "NAME", split = ",",
                description = "A policy for the token (repeatable or comma-separated); default: the creator's policies.")
        List<String> policies = new ArrayList<>();

        @Option(names = {"-ttl", "--ttl"}, paramLabel = "DURATION",
                description = "Initial time to live, renewable up to the maximum TTL (30m, 12h, 7d).")
        String ttl;

        @Option(names = {"-explicit-max-ttl", "--explicit-max-ttl"}, paramLabel = "DURATION",
                description = "A hard limit: the token can never be renewed past this.")
        String explicitMaxTtl;

        @Option(names = {"-period", "--period"}, paramLabel = "DURATION",
                description = "A periodic token: each renewal extends it by this, without a maximum (root or sudo).")
        String period;

        @Option(names = {"-renewable", "--renewable"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                defaultValue = "true", description = "Whether the token may be renewed (default true).")
        boolean renewable;

        @Option(names = {"-orphan", "--orphan"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Create a token with no parent, not revoked with its creator (root or sudo).")
        boolean orphan;

        @Option(names = {"-no-default-policy", "--no-default-policy"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Do not attach the default policy.")
        boolean noDefaultPolicy;

        @Option(names = {"-display-name", "--display-name"}, paramLabel = "NAME",
                description = "A name shown in lookups and audit logs.")
        String displayName;

        @Option(names = {"-use-limit", "--use-limit"}, paramLabel = "N", defaultValue = "0",
                description = "Number of uses before the token is revoked; 0: unlimited.")
        int useLimit;

        @Option(names = {"-role", "--role"}, paramLabel = "NAME", description = "Create the token through this token role.")
        String role;

        @Option(names = {"-type", "--type"}, paramLabel = "TYPE", description = "Token type: service.")
        String type;

        @Option(names = {"-metadata", "--metadata"}, paramLabel = "K=V",
                description = "Metadata pair for the token (repeatable), shown in lookups and audit logs.")
        List<String> metadata = new ArrayList<>();

        @Option(names = {"-id", "--id"}, paramLabel = "ID", hidden = true,
                description = "The token's value (root only). Visible to other users of the machine: avoid.")
        String id;

        @Mixin
        OutputOptions output;

        @Mixin
        OutputOptions.Field field;

        @Override
        int run() {
            String format = output.format();
            Map<String, Object> body = new LinkedHashMap<>();
            if (id != null) {
                body.put("id", id);
            }
            if (!policies.isEmpty()) {
                body.put("policies", policies.stream().map(String::trim).filter(p -> !p.isEmpty()).toList());
            }
            if (!metadata.isEmpty()) {
                body.put("meta", DataArgs.pairs("-metadata", metadata));
            }
            if (ttl != null) {
                body.put("ttl", duration(this, "-ttl", ttl));
            }
            if (explicitMaxTtl != null) {
                body.put("explicit_max_ttl", duration(this, "-explicit-max-ttl", explicitMaxTtl));
            }
            if (period != null) {
                body.put("period", duration(this, "-period", period));
            }
            body.put("no_parent", orphan);
            body.put("no_default_policy", noDefaultPolicy);
            if (displayName != null) {
                body.put("display_name", displayName);
            }
            body.put("num_uses", useLimit);
            body.put("renewable", renewable);
            if (type != null) {
                body.put("type", type);
            }
            String path = role != null ? "auth/token/create/" + role : "auth/token/create";
            Map<String, Object> secret;
            try {
                secret = client().write(path, body);
            } catch (ApiException e) {
                throw refused("creating token", e);
            }
            return field.print(format, secret);
        }
    }

    @Command(name = "lookup", sortOptions = false,
            description = {"Displays information about a token.", "",
                "Shows a token's properties: policies, TTL, metadata, whether it is an orphan. Without "
                + "TOKEN it is the token you use; with -accessor the argument is an accessor, so the token itself "
                + "need not be known or shown."},
            footer = {"", "Examples:", "  coffer token lookup", "  coffer token lookup -accessor 8609694a-cdbc-db9b-d345-e782dbb562ed"})
    static final class Lookup extends ApiCommand {
        @Option(names = {"-accessor", "--accessor"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Treat the argument as an accessor, not a token.")
        boolean accessor;

        @Mixin
        OutputOptions output;

        @Mixin
        OutputOptions.Field field;

        @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN|ACCESSOR", description = "Default: the token you use.")
        String token;

        @Override
        int run() {
            String format = output.format();
            if (accessor && token == null) {
                throw usage("Not enough arguments with -accessor (expected 1, got 0)");
            }
            Map<String, Object> secret;
            try {
                if (token == null || token.isBlank()) {
                    secret = client().read("auth/token/lookup-self");
                } else if (accessor) {
                    secret = client().write("auth/token/lookup-accessor", Map.of("accessor", token.trim()));
                } else {
                    secret = client().write("auth/token/lookup", Map.of("token", token.trim()));
                }
            } catch (ApiException e) {
                throw refused("looking up token", e);
            }
            return field.print(format, secret);
        }
    }

    @Command(name = "renew", sortOptions = false,
            description = {"Renews a token's lease.", "",
                "Extends a token's TTL: by -increment, or by its own TTL. It cannot pass the token's "
                + "maximum TTL. Without TOKEN it is the token you use."},
            footer = {"", "Examples:", "  coffer token renew", "  coffer token renew -increment=30m",
                "  coffer token renew -accessor 8609694a-cdbc-db9b-d345-e782dbb562ed"})
    static final class Renew extends ApiCommand {
        @Option(names = {"-increment", "--increment", "-i"}, paramLabel = "DURATION",
                description = "How far to extend, e.g. 30m or 1h; default: the token's TTL.")
        String increment;

        @Option(names = {"-accessor", "--accessor"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Treat the argument as an accessor, not a token.")
        boolean accessor;

        @Mixin
        OutputOptions output;

        @Mixin
        OutputOptions.Field field;

        @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN|ACCESSOR", description = "Default: the token you use.")
        String token;

        @Override
        int run() {
            String format = output.format();
            Map<String, Object> body = new LinkedHashMap<>();
            if (increment != null) {
                try {
                    body.put("increment", GoText.parseDuration(increment).toSeconds());
                } catch (IllegalArgumentException e) {
                    throw usage("-increment: " + e.getMessage());
                }
            }
            String path = "auth/token/renew-self";
            if (token != null && !token.isBlank()) {
                path = accessor ? "auth/token/renew-accessor" : "auth/token/renew";
                body.put(accessor ? "accessor" : "token", token.trim());
            } else if (accessor) {
                throw usage("Not enough arguments with -accessor (expected 1, got 0)");
            }
            Map<String, Object> secret;
            try {
                secret = client().write(path, body);
            } catch (ApiException e) {
                throw refused("renewing token", e);
            }
            return field.print(format, secret);
        }
    }

    @Command(name = "revoke", sortOptions = false,
            description = {"Revokes tokens and their children.", "",
                "Revokes a token and, by default, every token created from it. -self revokes the token you "
                + "use; -accessor takes an accessor instead of the token; -mode=orphan revokes only the token and "
                + "leaves its children as orphans (root or sudo)."},
            footer = {"", "Examples:", "  coffer token revoke -self",
                "  coffer token revoke -accessor 8609694a-cdbc-db9b-d345-e782dbb562ed",
                "  coffer token revoke -mode=orphan \"$TOKEN\""})
    static final class Revoke extends ApiCommand {
        @Option(names = {"-accessor", "--accessor"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Treat the argument as an accessor, not a token.")
        boolean accessor;

        @Option(names = {"-self", "--self"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
                description = "Revoke the token you use (no argument).")
        boolean self;

        @Option(names = {"-mode", "--mode"}, paramLabel = "MODE", defaultValue = "",
                description = "orphan: revoke only this token; its children become orphans. Default: the whole tree.")
        String mode;

        @Parameters(index = "0", arity = "0..1", paramLabel = "TOKEN|ACCESSOR", description = "The token or accessor to revoke.")
        String token;

        @Override
        int run() {
            if (self && token != null) {
                throw usage("Too many arguments with -self (expected 0, got 1)");
            }
            if (!self && token == null) {
                throw usage("Not enough arguments (expected 1, got 0)");
            }
            if (self && accessor) {
                throw usage("Cannot use -self with -accessor!");
            }
            if (self && !mode.isEmpty()) {
                throw usage("Cannot use -self with -mode!");
            }
            if (!mode.isEmpty() && !mode.equals("orphan")) {
                throw usage(mode.equals("path") ? "-mode=path (revoke by lease prefix) is not supported"
                        : "Invalid -mode '" + mode + "': use orphan");
            }
            if (accessor && mode.equals("orphan")) {
                throw usage("Cannot use -accessor with -mode=orphan!");
            }
            try {
                if (self) {
                    client().write("auth/token/revoke-self", Map.of());
                } else if (accessor) {
                    client().write("auth/token/revoke-accessor", Map.of("accessor", token.trim()));
                } else if (mode.equals("orphan")) {
                    client().write("auth/token/revoke-orphan", Map.of("token", token.trim()));
                } else {
                    client().write("auth/token/revoke", Map.of("token", token.trim()));
                }
            } catch (ApiException e) {
                throw refused("revoking token", e);
            }
            Output.line("Success! Revoked token (if it existed)");
            return 0;
        }
    }

    @Command(name = "capabilities", sortOptions = false,
            description = {"Prints the capabilities of a token on a path.", "",
                "Shows what a token may do on PATH: create, read, update, patch, delete, list, sudo, or "
                + "deny. Without TOKEN it is the token you use."},
            footer = {"", "Examples:", "  coffer token capabilities secret/data/app/db",
                "  coffer token capabilities \"$TOKEN\" sys/mounts"})
    static final class Capabilities extends ApiCommand {
        @Mixin
        OutputOptions output;

        @Parameters(arity = "1..2", paramLabel = "[TOKEN] PATH",
                description = "An optional token (default: the one you use), then the API path without /v1/.")
        List<String> args = new ArrayList<>();

        @Override
        int run() {
            String format = output.format();
            String token = args.size() == 2 ? args.get(0) : null;
            String path = args.get(args.size() - 1).trim();
            Map<String, Object> body = new LinkedHashMap<>();
            String endpoint = "sys/capabilities-self";
            if (token != null) {
                endpoint = "sys/capabilities";
                body.put("token", token.trim());
            }
            body.put("paths", List.of(path));
            Map<String, Object> answer;
            try {
                answer = client().write(endpoint, body);
            } catch (ApiException e) {
                throw refused("listing capabilities", e);
            }
            Map<String, Object> data = Logical.data(answer);
            Object caps = data == null ? null : data.get(path);
            if (!(caps instanceof List<?>) && data != null) {
                caps = data.get("capabilities");
            }
            if (caps == null && answer.get(path) instanceof List<?> top) {
                caps = top;
            }
            if (!(caps instanceof List<?> list)) {
                throw new CliFailure(1, "No capabilities found");
            }
            if (Output.TABLE.equals(format)) {
                Output.line(String.join(", ", list.stream().map(String::valueOf).sorted().toList()));
            } else {
                Output.structured(format, list);
            }
            return 0;
        }
    }
}
