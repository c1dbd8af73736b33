package dev.coffer.core.policy;

import static dev.coffer.core.policy.Messages.quote;

import dev.coffer.core.CofferException;
import java.util.List;
import java.util.Locale;

/**
 * A named ACL policy: the path rules of one {@code vault policy write} document.
 *
 * <p>Names follow Vault's (which lowercases names on the way in): 1 to 128 characters of
 * {@code a-z}, {@code 0-9}, {@code .}, {@code _}, {@code -}, starting with a letter or digit.
 * {@code root} is reserved for {@link #ROOT}, the built-in policy that allows everything and has no
 * rules; {@code default} is the name of the policy every token gets unless told otherwise
 * ({@link #defaultPolicy()}).
 *
 * @param name the policy's name
 * @param rules its path rules, at most one per pattern when it comes from {@link #parse}
 */
public record Policy(String name, List<PathRule> rules) {

    /** The name of {@link #ROOT}. */
    public static final String ROOT_NAME = "root";

    /** The name of the default policy. */
    public static final String DEFAULT_NAME = "default";

    /** Longest accepted policy name. */
    public static final int MAX_NAME_LENGTH = 128;

    /**
     * The built-in {@code root} policy: every capability, sudo included, on every path. It has no
     * rules; {@link Acl} recognises it by name, as Vault does.
     */
    public static final Policy ROOT = new Policy(ROOT_NAME, List.of());

    /**
     * Vault's default policy, less the identity paths that need templating
     * ({@code identity/entity/id/{{identity.entity.id}}}), which Coffer does not support.
     */
    public static final String DEFAULT_TEXT = """
            # Allow tokens to look up their own properties
            path "auth/token/lookup-self" {
                capabilities = ["read"]
            }

            # Allow tokens to renew themselves
            path "auth/token/renew-self" {
                capabilities = ["update"]
            }

            # Allow tokens to revoke themselves
            path "auth/token/revoke-self" {
                capabilities = ["update"]
            }

            # Allow a token to look up its own capabilities on a path
            path "sys/capabilities-self" {
                capabilities = ["update"]
            }

            # Allow a token to look up its resultant ACL from all policies (used by UIs)
            path "sys/internal/ui/resultant-acl" {
                capabilities = ["read"]
            }

            # Allow a token to renew a lease via lease_id in the request body
            path "sys/renew" {
                capabilities = ["update"]
            }
            path "sys/leases/renew" {
                capabilities = ["update"]
            }

            # Allow looking up lease properties; this needs the lease ID and reveals nothing secret
            path "sys/leases/lookup" {
                capabilities = ["update"]
            }

            # Allow a token to manage its own cubbyhole
            path "cubbyhole/*" {
                capabilities = ["create", "read", "update", "delete", "list"]
            }

            # Allow a token to wrap arbitrary values in a response-wrapping token
            path "sys/wrapping/wrap" {
                capabilities = ["update"]
            }

            # Allow a token to look up the creation time and TTL of a response-wrapping token
            path "sys/wrapping/lookup" {
                capabilities = ["update"]
            }

            # Allow a token to unwrap a response-wrapping token
            path "sys/wrapping/unwrap" {
                capabilities = ["update"]
            }

            # Allow general purpose tools
            path "sys/tools/hash" {
                capabilities = ["update"]
            }
            path "sys/tools/hash/*" {
                capabilities = ["update"]
            }

            # Allow checking the status of a control group request if the user has the accessor
            path "sys/control-group/request" {
                capabilities = ["update"]
            }
            """;

    /** Checks the name and copies the rules. */
    public Policy {
        checkName(name);
        rules = List.copyOf(rules);
        if (name.equals(ROOT_NAME) && !rules.isEmpty()) {
            throw CofferException.invalid("policy \"root\" is built in and has no rules");
        }
    }

    /**
     * Parses a policy document. Text whose first non-whitespace character is <code>{</code> is
     * read as JSON, anything else as HCL. The name is lowercased first, as Vault does; the name
     * {@code root} is refused.
     *
     * <p>Accepted in each {@code path} block: {@code capabilities}, the deprecated
     * {@code policy = "deny"|"read"|"write"|"sudo"}, {@code allowed_parameters},
     * {@code denied_parameters}, {@code required_parameters}, {@code min_wrapping_ttl},
     * {@code max_wrapping_ttl} (seconds, or a duration such as {@code "90s"}, {@code "1h30m"}) and
     * {@code comment}. Blocks repeated for one pattern are merged as {@link Acl} merges policies.
     *
     * @throws CofferException {@code INVALID_REQUEST}, naming the policy, the path and (where the
     *     parser reports one) the line, for anything it does not accept
     */
    public static Policy parse(String name, String text) {
        String lowered = name == null ? null : name.toLowerCase(Locale.ROOT);
        checkName(lowered);
        if (lowered.equals(ROOT_NAME)) {
            throw CofferException.invalid("policy name \"root\" is reserved for the built-in root policy");
        }
        return PolicyParser.parse(lowered, text);
    }

    /** The built-in default policy, parsed from {@link #DEFAULT_TEXT}. */
    public static Policy defaultPolicy() {
        return DefaultHolder.POLICY;
    }

    /** True for {@link #ROOT}. */
    public boolean isRoot() {
        return name.equals(ROOT_NAME);
    }

    private static void checkName(String name) {
        if (name == null) {
            throw CofferException.invalid("policy name is missing");
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw CofferException.invalid("policy name must be 1 to " + MAX_NAME_LENGTH
                    + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-'))) {
                throw CofferException.invalid("policy name " + quote(name) + " is not valid: use"
                        + " lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");
            }
        }
    }

    private static final class DefaultHolder {
        static final Policy POLICY = PolicyParser.parse(DEFAULT_NAME, DEFAULT_TEXT);
    }
}
