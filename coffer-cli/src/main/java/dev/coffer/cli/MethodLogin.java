package dev.coffer.cli;

import dev.coffer.client.ApiException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code coffer login -method=TYPE K=V...}: one POST to {@code auth/<path>/login} (for user-name
 * methods {@code auth/<path>/login/<username>}) with the fields, whatever the method; the server's
 * {@code auth} answer gives the token. The password of a user-name method is asked for without echo
 * when not given.
 */
final class MethodLogin {
    private static final Set<String> USER_METHODS = Set.of("userpass", "ldap", "okta", "radius");

    private MethodLogin() {}

    static int run(LoginCommand cmd) {
        String type = cmd.method.strip().toLowerCase(Locale.ROOT);
        if (!type.matches("[a-z0-9_-]{1,64}")) {
            throw cmd.usage("Invalid auth method type: use letters, digits, '_' or '-'");
        }
        String mount = ApiCommand.sanitize(cmd.path != null ? cmd.path : type);
        if (mount.startsWith("auth/")) {
            mount = mount.substring("auth/".length());
        }
        if (mount.isEmpty()) {
            throw cmd.usage("-path must not be empty");
        }
        Map<String, Object> body = new LinkedHashMap<>(LoginArgs.parse(cmd.args, LoginArgs.Sources.REAL));
        String loginPath = "auth/" + mount + "/login";
        if (USER_METHODS.contains(type)) {
            Object user = body.remove("username");
            if (!(user instanceof String u) || u.isBlank() || u.contains("/")) {
                throw cmd.usage("The " + type + " method needs username=NAME (a name without '/')");
            }
            if (!body.containsKey("password")) {
                String pw = LoginCommand.prompt("Password");
                if (pw == null || pw.isEmpty()) {
                    throw new CliFailure(2, "Error authenticating: no password given");
                }
                body.put("password", pw);
            }
            loginPath += "/" + u.strip();
        }
        Map<String, Object> response;
        try {
            response = cmd.clientOptions.clientWithToken(null).write(loginPath, body);
        } catch (ApiException e) {
            throw ApiCommand.refused("authenticating", e);
        }
        Object token = response.get("auth") instanceof Map<?, ?> a ? a.get("client_token") : null;
        if (!(token instanceof String t) || t.isEmpty()) {
            throw new CliFailure(2, "Error authenticating: the server answered without a token");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> shown = new LinkedHashMap<>((Map<String, Object>) response.get("auth"));
        if (!cmd.noStore) {
            shown.remove("client_token");
        }
        Map<String, Object> answer = new LinkedHashMap<>(response);
        answer.put("auth", shown);
        return cmd.finish(t, answer);
    }
}
