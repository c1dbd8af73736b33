package dev.coffer.cli;

import dev.coffer.client.CofferClient;
import dev.coffer.client.CofferClient.Reply;
import java.util.List;
import java.util.Map;

/**
 * Reads, lists, writes and deletes with the answers Vault's Go client gives its CLI: a 404 without
 * data or warnings, and an empty (204) answer, are "no secret" (null), not errors; any other
 * non-2xx answer is an {@link dev.coffer.client.ApiException}.
 */
final class Logical {
    private Logical() {}

    static Map<String, Object> read(CofferClient c, String path, Map<String, String> query) {
        return secretOrNull(c.send("GET", path, query, null), true);
    }

    static Map<String, Object> list(CofferClient c, String path) {
        return secretOrNull(c.list(path), true);
    }

    /** PUT; null for an empty answer. A 404 is an error, as in Vault. */
    static Map<String, Object> write(CofferClient c, String path, Map<String, Object> body) {
        return secretOrNull(c.send("PUT", path, body), false);
    }

    static Map<String, Object> patch(CofferClient c, String path, Map<String, Object> body) {
        return secretOrNull(c.send("PATCH", path, body), false);
    }

    static Map<String, Object> delete(CofferClient c, String path) {
        return secretOrNull(c.send("DELETE", path, null), false);
    }

    private static Map<String, Object> secretOrNull(Reply r, boolean notFoundIsEmpty) {
        if (r.status() == 404 && notFoundIsEmpty) {
            return hasContent(r.body()) ? r.body() : null;
        }
        Map<String, Object> body = r.orThrow();
        return body.isEmpty() ? null : body;
    }

    /** Whether an answer carries data or warnings (a 404 for a deleted KV version does). */
    static boolean hasContent(Map<String, Object> body) {
        return (body.get("data") instanceof Map<?, ?> d && !d.isEmpty())
                || (body.get("warnings") instanceof List<?> w && !w.isEmpty());
    }

    /** The {@code data} object of an answer, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> data(Map<String, Object> secret) {
        return secret != null && secret.get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    /** The value {@code -field=NAME} picks from an answer, as Vault's CLI finds it; null if absent. */
    static Object field(Map<String, Object> secret, String name) {
        if (name.equals("refresh_interval")) {
            return secret.get("lease_duration");
        }
        if (secret.get("auth") instanceof Map<?, ?> auth) {
            String key = switch (name) {
                case "token" -> "client_token";
                case "token_accessor" -> "accessor";
                case "token_duration" -> "lease_duration";
                case "token_renewable" -> "renewable";
                case "token_policies", "identity_policies", "policies" -> name;
                default -> null;
            };
            if (key != null) {
                return auth.get(key);
            }
            if (name.startsWith("token_meta_") && auth.get("metadata") instanceof Map<?, ?> meta) {
                return meta.get(name.substring("token_meta_".length()));
            }
        }
        Map<String, Object> data = data(secret);
        return data == null ? null : data.get(name);
    }

    /** Prints {@code -field}; a missing field is exit code 1, as in Vault. */
    static int printField(String format, Object value, String name) {
        if (value == null) {
            throw new CliFailure(1, "Field \"" + name + "\" not present in secret");
        }
        Output.raw(format, value);
        return 0;
    }
}
