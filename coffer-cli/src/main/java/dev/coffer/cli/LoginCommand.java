package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer login [TOKEN | -method=TYPE K=V...]}: Vault's {@code vault login}. */
@Command(name = "login", sortOptions = false,
        description = {"Authenticates locally.", "",
            "With the token method (the default): checks TOKEN with the server (auth/token/lookup-self) and stores it "
                + "in ~/.coffer-token, readable by you only, for later commands to use. Without TOKEN it is asked for "
                + "without echo on a terminal, or read as one line from stdin; TOKEN - also reads stdin. Prefer those: "
                + "an argument is visible to other users of the machine.",
            "",
            "With -method=TYPE (userpass, approle, jwt, cert, ...): logs in at auth/<path>/login with the K=V "
                + "fields and stores the token it returns. A value @FILE is read from the file and - from stdin, so "
                + "secrets stay out of the process list. userpass takes username=NAME and asks for the password "
                + "without echo unless password=... is given. cert presents -client-cert and -client-key.",
            "",
            "COFFER_TOKEN and VAULT_TOKEN, when set, win over the stored token. The stored token is never printed, "
                + "unless -no-store is given (then nothing is stored and the token is shown once)."},
        footer = {"", "Examples:", "  coffer login", "  coffer login - < token.txt", "  coffer login -no-store -field=token -",
            "  coffer login -method=userpass username=alice",
            "  coffer login -method=approle role_id=@role-id.txt secret_id=@secret-id.txt",
            "  coffer login -method=jwt -path=gitlab role=ci jwt=@\"$ID_TOKEN_FILE\"",
            "  coffer login -method=cert -client-cert=me.pem -client-key=me-key.pem"})
final class LoginCommand extends ApiCommand {
    @Option(names = {"-method", "--method"}, paramLabel = "METHOD", defaultValue = "token",
            description = "Auth method type: token (default), userpass, approle, jwt, cert, ...")
    String method;

    @Option(names = {"-path", "--path"}, paramLabel = "PATH",
            description = "Where the auth method is mounted, below auth/ (default: the method's type).")
    String path;

    @Option(names = {"-no-store", "--no-store"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "Do not store the token; print it instead, for use in COFFER_TOKEN.")
    boolean noStore;

    @Option(names = {"-no-print", "--no-print"}, paramLabel = "BOOL", arity = "0..1", fallbackValue = "true",
            description = "Print nothing on success.")
    boolean noPrint;

    @Mixin
    OutputOptions output;

    @Mixin
    OutputOptions.Field field;

    @Parameters(arity = "0..*", paramLabel = "TOKEN | K=V",
            description = "The token (also as token=...), or - to read it from stdin; with -method, the method's "
                    + "fields as K=V (V as @FILE or - to read it). Default: ask for the token.")
    List<String> args = new ArrayList<>();

    @Override
    int run() {
        if ("token".equals(field.field) && !noStore) {
            throw usage("-field=token prints the token: add -no-store (a stored token is never printed)");
        }
        if (!method.equals("token")) {
            return MethodLogin.run(this);
        }
        if (args.size() > 1) {
            throw usage("The token method takes at most one argument (the token, or - to read it from stdin)");
        }
        String tokenArg = args.isEmpty() ? null : args.get(0);
        String arg = tokenArg != null && tokenArg.startsWith("token=") ? tokenArg.substring("token=".length()) : tokenArg;
        String token = arg == null ? prompt() : arg.equals("-") ? readLine() : arg;
        if (token == null || token.isBlank()) {
            throw new CliFailure(2, "Error authenticating: no token given");
        }
        token = token.strip();
        Map<String, Object> lookup;
        try {
            lookup = clientOptions.clientWithToken(token).read("auth/token/lookup-self");
        } catch (ApiException e) {
            throw refused("authenticating: error looking up token", e);
        }
        return finish(token, secret(lookup, token));
    }

    /** Stores the token (unless -no-store) and prints the answer as Vault's CLI does. */
    int finish(String token, Map<String, Object> answer) {
        String format = output.format();
        if (!noStore) {
            TokenFile.write(token);
        }
        String envVar = ClientOptions.tokenVariableSet();
        if (envVar != null) {
            System.err.println("WARNING! The " + envVar + " environment variable is set! Its value takes precedence\n"
                    + "over the stored token; unset " + envVar + " if this is unwanted.\n");
        }
        if (noPrint) {
            return 0;
        }
        if (field.field != null) {
            return Logical.printField(format, Logical.field(answer, field.field), field.field);
        }
        if (!Output.TABLE.equals(format)) {
            Output.structured(format, answer);
            return 0;
        }
        if (noStore) {
            Output.line("Success! You are now authenticated. The token was NOT stored: set COFFER_TOKEN to\n"
                    + "the token below to use it.\n");
        } else {
            Output.line("Success! You are now authenticated. The token is stored in " + TokenFile.path() + "\n"
                    + "(readable by you only). You do NOT need to run \"coffer login\" again. Future\n"
                    + "requests will use this token.\n");
        }
        Output.secret(format, answer);
        return 0;
    }

    /** The answer Vault's CLI builds from a lookup: an {@code auth} block; the token only with -no-store. */
    private Map<String, Object> secret(Map<String, Object> lookup, String token) {
        Map<String, Object> data = Logical.data(lookup);
        Map<String, Object> d = data == null ? Map.of() : data;
        Map<String, Object> auth = new LinkedHashMap<>();
        if (noStore) {
            auth.put("client_token", token);
        }
        auth.put("accessor", d.get("accessor"));
        auth.put("policies", d.get("policies"));
        auth.put("token_policies", d.get("policies"));
        auth.put("identity_policies", d.get("identity_policies"));
        auth.put("metadata", d.get("meta"));
        auth.put("lease_duration", d.get("ttl") instanceof Number n ? n : 0);
        auth.put("renewable", Boolean.TRUE.equals(d.get("renewable")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("request_id", lookup.get("request_id"));
        answer.put("lease_id", "");
        answer.put("lease_duration", 0);
        answer.put("renewable", false);
        answer.put("data", null);
        answer.put("warnings", null);
        answer.put("auth", auth);
        return answer;
    }

    private static String prompt() {
        return prompt("Token");
    }

    /** Asks for a secret without echo on a terminal; otherwise reads one line from stdin. */
    static String prompt(String what) {
        Console console = System.console();
        if (console != null) {
            char[] pw = console.readPassword(what + " (will be hidden): ");
            return pw == null ? null : new String(pw);
        }
        return readLine(what);
    }

    private static String readLine() {
        return readLine("Token");
    }

    private static String readLine(String what) {
        try {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            throw new CliFailure(1, "Error reading the " + what.toLowerCase(java.util.Locale.ROOT) + " from stdin: "
                    + e.getMessage());
        }
    }
}
