package dev.coffer.core.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The answer of an {@link Acl} to one request, with the reason in words (as {@code coffer policy
 * test} shows it).
 *
 * @param allowed whether the request may go ahead
 * @param reason why, e.g. {@code denied by rule "secret/super-secret" of policy "dev"} or
 *     {@code denied: no policy grants access to this path}; names patterns, policies and
 *     parameter names, never parameter values
 * @param pattern the pattern of the rule that decided, or {@code ""} if none matched (and for
 *     root)
 * @param policies the policies behind the decision: those granting the operation's capability
 *     when allowed, those denying when denied by a deny, every policy with a rule for the pattern
 *     otherwise; {@code ["root"]} for root
 * @param capabilities what the deciding rule grants on the path
 */
public record Decision(boolean allowed, String reason, String pattern, List<String> policies,
        Set<Capability> capabilities) {

    /** Copies the collections. */
    public Decision {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(pattern, "pattern");
        policies = List.copyOf(policies);
        EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(capabilities);
        capabilities = Collections.unmodifiableSet(caps);
    }
}
