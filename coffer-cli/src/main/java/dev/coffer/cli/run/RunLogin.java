package dev.coffer.cli.run;

import dev.coffer.client.ApiException;
import dev.coffer.client.CofferClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Option;

/**
 * {@code coffer run}'s own login ({@code --auth-method jwt --role ci --jwt-file F}): a token for
 * this step only, revoked ({@code auth/token/revoke-self}) when the step ends — when the command
 * exits, fails, is signalled, or coffer itself shuts down — so a CI job leaves no live token
 * behind. The JWT is read from a file, never from arguments, and is never printed.
 */
public final class RunLogin implements AutoCloseable {
    /** The login options of {@code coffer run} (a picocli mixin). */
    public static final class Options {
        @Option(names = {"-auth-method", "--auth-method"}, paramLabel = "METHOD",
                description = "Log in for this step only with this auth method (jwt); the token is revoked when "
                        + "the step ends.")
        String method;

        @Option(names = {"-role", "--role"}, paramLabel = "NAME",
                description = "The role to log in with (jwt; default: the mount's default_role).")
        String role;

        @Option(names = {"-jwt-file", "--jwt-file"}, paramLabel = "FILE",
                description = "File holding the JWT (ID token) to log in with; its content is never printed.")
        Path jwtFile;

        @Option(names = {"-auth-path", "--auth-path"}, paramLabel = "PATH",
                description = "Where the auth method is mounted (default: the method's name, e.g. jwt).")
        String authPath;

        /** Whether {@code coffer run} should log in itself. */
        public boolean requested() {
            return method != null || jwtFile != null;
        }
    }

    private final CofferClient client;
    private final String token;
    private final String accessor;
    private final PrintStream err;
    private final AtomicBoolean revoked = new AtomicBoolean();
    private final Thread hook;

    private RunLogin(CofferClient client, String token, String accessor, PrintStream err) {
        this.client = client;
        this.token = token;
        this.accessor = accessor;
        this.err = err;
        this.hook = new Thread(this::revoke, "coffer-run-revoke");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Logs in.
     *
     * @param unauthenticated a client for the server without a token
     * @throws RunFailure when the options are incomplete, the JWT file cannot be read or the login is refused
     */
    public static RunLogin start(Options o, CofferClient unauthenticated, PrintStream err) {
        String method = o.method == null ? "jwt" : o.method.strip();
        if (!method.equals("jwt")) {
            throw new RunFailure("--auth-method " + method + " is not supported by coffer run (use jwt, or coffer login)");
        }
        if (o.jwtFile == null) {
            throw new RunFailure("--auth-method jwt needs --jwt-file FILE (the ID token of the CI job)");
        }
        String jwt;
        try {
            jwt = Files.readString(o.jwtFile, StandardCharsets.UTF_8).strip();
        } catch (IOException | RuntimeException e) {
            throw new RunFailure("cannot read --jwt-file " + o.jwtFile + ": " + e.getClass().getSimpleName());
        }
        if (jwt.isEmpty()) {
            throw new RunFailure("--jwt-file " + o.jwtFile + " is empty");
        }
        String path = o.authPath == null || o.authPath.isBlank() ? method : o.authPath.strip();
        path = path.replaceAll("^/+|/+$", "");
        if (path.startsWith("auth/")) {
            path = path.substring("auth/".length());
        }
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("jwt", jwt);
        if (o.role != null && !o.role.isBlank()) {
            body.put("role", o.role.strip());
        }
        CofferClient.Reply reply;
        try {
            reply = unauthenticated.withToken(null).send("POST", "auth/" + path + "/login", body);
        } catch (ApiException e) {
            throw new RunFailure("login at auth/" + path + " failed: " + e.getMessage());
        }
        if (!reply.ok()) {
            throw new RunFailure("login at auth/" + path + " failed: " + reply.error().getMessage());
        }
        Object auth = reply.body().get("auth");
        if (!(auth instanceof Map<?, ?> a) || !(a.get("client_token") instanceof String t) || t.isEmpty()) {
            throw new RunFailure("login at auth/" + path + " answered without a token");
        }
        return new RunLogin(unauthenticated.withToken(t), t, String.valueOf(a.get("accessor")), err);
    }

    /** The token to read the secrets with. */
    public String token() {
        return token;
    }

    /** The token's accessor (not a secret: it names the token in audit logs). */
    public String accessor() {
        return accessor;
    }

    /** Revokes the token, once; a failure is a warning on stderr (the token then expires with its TTL). */
    void revoke() {
        if (!revoked.compareAndSet(false, true)) {
            return;
        }
        try {
            CofferClient.Reply r = client.send("POST", "auth/token/revoke-self", Map.of());
            if (!r.ok()) {
                err.println("coffer: warning: could not revoke the login token (accessor " + accessor + "): "
                        + r.error().getMessage());
            }
        } catch (RuntimeException e) {
            err.println("coffer: warning: could not revoke the login token (accessor " + accessor + "): "
                    + e.getMessage());
        }
    }

    @Override
    public void close() {
        revoke();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs now, or has run
        }
    }

    @Override
    public String toString() {
        return "RunLogin[accessor=" + accessor + ", token=[redacted]]";
    }
}
