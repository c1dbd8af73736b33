package dev.coffer.core.policy;

import static dev.coffer.core.policy.Messages.quote;

import dev.coffer.core.logical.Operation;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a set of policies allows, evaluated as Vault evaluates ACL policies. Immutable and
 * thread-safe; build one per distinct set of policies and keep it, since building costs more than
 * asking.
 *
 * <ol>
 *   <li>Rules for the same pattern in several policies are merged: capabilities unioned, and a
 *       {@code deny} in any of them makes the merged rule a deny.
 *   <li>Among all patterns matching a path, exactly one decides. An exact pattern wins outright.
 *       Otherwise the highest priority wins, where, of two matching patterns, the lower priority
 *       one is the one whose first {@code +} or {@code *} comes earlier; then the one ending in
 *       {@code *}; then the one with more {@code +} segments; then the shorter; then the
 *       lexicographically smaller. Lower-priority rules are not consulted at all.
 *   <li>The deciding rule allows the operation only if it is not a deny, grants the operation's
 *       capability, grants {@code sudo} if the path needs it, and its parameter and wrapping
 *       constraints hold. No matching rule: denied.
 * </ol>
 *
 * <p>As in Vault, a LIST of {@code a/b/} also considers the exact pattern {@code a/b}, then the
 * wildcard patterns against {@code a/b}, before the wildcard patterns against {@code a/b/}; and
 * {@link #capabilities} answers as for a LIST. A leading {@code /} of a request path is ignored.
 * The {@code root} policy allows everything. Paths compare case-sensitively, character by
 * character; the caller must have refused {@code ..} and friends first ({@link PathNormalizer}).
 *
 * <p>Cost per question: {@code O(n)} in the path length for exact and prefix patterns, whatever
 * their number, plus {@code O(s)} for each {@code +} pattern sharing the path's first segment
 * (or starting with {@code +}); see {@link RuleIndex}.
 */
public final class Acl {
    private final boolean root;
    private final RuleIndex index;
    private final boolean templated;

    private Acl(boolean root, RuleIndex index, boolean templated) {
        this.root = root;
        this.index = index;
        this.templated = templated;
    }

    /** This ACL, noted as built from templated policies with their templated rules left out. */
    Acl markTemplated(boolean t) {
        return t == templated ? this : new Acl(root, index, t);
    }

    /** True if some policy of this ACL is templated: a token's own ACL must then be built with its claims. */
    boolean templated() {
        return templated;
    }

    /** The ACL of these policies together. {@link Policy#ROOT} among them makes it root. */
    public static Acl of(Collection<Policy> policies) {
        boolean root = false;
        Map<String, MergedRule> merged = new LinkedHashMap<>();
        for (Policy p : policies) {
            root |= p.isRoot();
            for (PathRule rule : p.rules()) {
                merged.merge(rule.pattern(), MergedRule.of(p.name(), rule), MergedRule::plus);
            }
        }
        return new Acl(root, new RuleIndex(merged.values()), false);
    }

    /** True if this ACL includes the root policy. */
    public boolean isRoot() {
        return root;
    }

    /**
     * What this ACL grants on a full path such as {@code secret/data/app/db}: every capability
     * but deny for root, exactly {@code {DENY}} when the deciding rule is a deny, the empty set
     * when no rule matches.
     */
    public Set<Capability> capabilities(String path) {
        if (root) {
            EnumSet<Capability> all = EnumSet.allOf(Capability.class);
            all.remove(Capability.DENY);
            return Collections.unmodifiableSet(all);
        }
        MergedRule r = index.resolve(Operation.LIST, stripLeadingSlashes(path));
        return r == null ? Set.of() : r.rule.capabilities();
    }

    /**
     * True if {@code op} on {@code path} is allowed for a request with no parameters and no
     * response wrapping. A rule with {@code required_parameters} or a wrapping TTL therefore
     * refuses it; use {@link #decide} for requests that have either.
     */
    public boolean allows(Operation op, String path, boolean needsSudo) {
        return decide(op, path, needsSudo, Map.of(), Duration.ZERO).allowed();
    }

    /** {@link #decide} for a request with no parameters, no wrapping and no need for sudo. */
    public Decision explain(Operation op, String path) {
        return decide(op, path, false, Map.of(), Duration.ZERO);
    }

    /**
     * The full decision for one request.
     *
     * @param op the operation
     * @param path the full request path, already checked by {@link PathNormalizer}
     * @param needsSudo whether the path is root-protected
     * @param parameters the request's parameters (body or query), checked for reads, creates,
     *     updates and patches against the deciding rule's {@code required_parameters} (must be
     *     present), {@code denied_parameters} (checked first; {@code "*"} denies any parameter)
     *     and {@code allowed_parameters} ({@code "*"} allows names not listed). Names compare
     *     lowercased. An empty value list means any value; otherwise values compare as strings
     *     (numbers in canonical form, so {@code 3} and {@code "3"} are equal), a policy value
     *     {@code "x*"}/{@code "*x"}/{@code "*x*"} matching by prefix/suffix/substring; a list
     *     value (or a comma-separated string) is allowed if every element is and denied if any
     *     is. Stricter than Vault: an empty list or empty string is not allowed by a non-empty
     *     value list.
     * @param wrapTtl the response-wrapping TTL asked for, {@link Duration#ZERO} if none
     */
    public Decision decide(Operation op, String path, boolean needsSudo, Map<String, ?> parameters,
            Duration wrapTtl) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(wrapTtl, "wrapTtl");
        if (root) {
            return new Decision(true, "allowed: the root policy grants everything", "",
                    List.of(Policy.ROOT_NAME), capabilities(path));
        }
        MergedRule r = index.resolve(op, stripLeadingSlashes(path));
        if (r == null) {
            return new Decision(false, "denied: no policy grants access to this path", "", List.of(),
                    Set.of());
        }
        PathRule rule = r.rule;
        Set<Capability> caps = rule.capabilities();
        if (rule.denies()) {
            return denied(r, r.denying, "denied by " + r.describe(r.denying));
        }
        Capability needed = Capability.of(op);
        if (!caps.contains(needed)) {
            return denied(r, r.policies, "denied: " + r.describe(r.policies) + " does not grant "
                    + quote(needed.hclName()));
        }
        if (needsSudo && !caps.contains(Capability.SUDO)) {
            return denied(r, r.policies, "denied: " + r.describe(r.policies)
                    + " does not grant \"sudo\", which this path needs");
        }
        String wrapping = wrappingProblem(rule, wrapTtl);
        if (wrapping != null) {
            return denied(r, r.policies, "denied: " + r.describe(r.policies) + " " + wrapping);
        }
        String parameter = r.parameterProblem(op, parameters);
        if (parameter != null) {
            return denied(r, r.policies, "denied: " + r.describe(r.policies) + ": " + parameter);
        }
        List<String> granting = r.granting.getOrDefault(needed, r.policies);
        return new Decision(true, "allowed by " + r.describe(granting), rule.pattern(), granting, caps);
    }

    private static Decision denied(MergedRule r, List<String> policies, String reason) {
        return new Decision(false, reason, r.rule.pattern(), policies, r.rule.capabilities());
    }

    private static String wrappingProblem(PathRule rule, Duration wrapTtl) {
        Duration min = rule.minWrappingTtl();
        Duration max = rule.maxWrappingTtl();
        if (!max.isZero() && (wrapTtl.isZero() || wrapTtl.compareTo(max) > 0)) {
            return "requires response wrapping with a TTL of at most " + max.getSeconds() + "s";
        }
        if (!min.isZero() && (wrapTtl.isZero() || wrapTtl.compareTo(min) < 0)) {
            return "requires response wrapping with a TTL of at least " + min.getSeconds() + "s";
        }
        if (!min.isZero() && !max.isZero() && max.compareTo(min) < 0) {
            return "has merged wrapping limits no TTL can meet";
        }
        return null;
    }

    private static String stripLeadingSlashes(String path) {
        Objects.requireNonNull(path, "path");
        int i = 0;
        while (i < path.length() && path.charAt(i) == '/') {
            i++;
        }
        return path.substring(i);
    }
}
