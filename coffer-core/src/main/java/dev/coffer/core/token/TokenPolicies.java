package dev.coffer.core.token;

import dev.coffer.core.CofferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Which policies a new token may carry, by Vault's rules. */
final class TokenPolicies {
    private TokenPolicies() {}

    /**
     * @param requested null: inherit the caller's (or the role's allowed) policies
     */
    static List<String> resolve(TokenEntry caller, boolean privileged, Optional<TokenRole> role, List<String> requested,
                                boolean noDefault) {
        TreeSet<String> out = new TreeSet<>();
        if (requested == null) {
            if (role.isPresent() && !role.get().allowedPolicies().isEmpty()) {
                out.addAll(role.get().allowedPolicies());
            } else {
                out.addAll(caller.policies());
            }
        } else {
            for (String p : requested) {
                String name = p.trim().toLowerCase(java.util.Locale.ROOT);
                if (!name.isEmpty()) {
                    out.add(name);
                }
            }
        }
        if (role.isPresent()) {
            TokenRole r = role.get();
            for (String p : out) {
                if (r.disallowedPolicies().contains(p)) {
                    throw CofferException.invalid("token policies (" + String.join(", ", out)
                            + ") contain a policy the role disallows: " + p);
                }
                if (!r.allowedPolicies().isEmpty() && !r.allowedPolicies().contains(p) && !p.equals("default")) {
                    throw CofferException.invalid("token policies (" + String.join(", ", out)
                            + ") must be a subset of the role's allowed policies (" + String.join(", ", r.allowedPolicies()) + ")");
                }
            }
        } else if (!privileged) {
            for (String p : out) {
                if (!p.equals("default") && !caller.policies().contains(p)) {
                    throw CofferException.invalid("child policies must be subset of parent");
                }
            }
        }
        if (out.contains("root") && !caller.isRoot()) {
            throw CofferException.invalid("root tokens may not be created without a root parent");
        }
        if (!noDefault && !out.contains("root")) {
            out.add("default");
        } else if (noDefault) {
            out.remove("default");
        }
        if (out.isEmpty()) {
            throw CofferException.invalid("token must have at least one policy");
        }
        return new ArrayList<>(out);
    }
}
