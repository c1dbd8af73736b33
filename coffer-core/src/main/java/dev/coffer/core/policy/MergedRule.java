package dev.coffer.core.policy;

import static dev.coffer.core.policy.Messages.quote;

import dev.coffer.core.logical.Operation;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rules every policy of an ACL has for one pattern, merged ({@link PathRule#mergedWith}),
 * with which policy granted or denied what, and the pattern precompiled for matching.
 */
final class MergedRule {
    final PathRule rule;
    /** Every policy with a rule for this pattern, in the order given. */
    final List<String> policies;
    /** The policies whose rule for this pattern is a deny. */
    final List<String> denying;
    /** For each capability, the policies whose rule grants it. */
    final Map<Capability, List<String>> granting;

    /** The pattern without its trailing {@code *}. */
    final String body;
    final boolean prefix;
    /** Segments of {@link #body}; used for segment-wildcard patterns only. */
    final String[] segments;
    /** Vault's first-wildcard position: of the first {@code +}, or of the {@code *}. */
    final int firstWildcard;
    /** How many segments are exactly {@code +}. */
    final int wildcards;

    private MergedRule(PathRule rule, List<String> policies, List<String> denying,
            Map<Capability, List<String>> granting) {
        this.rule = rule;
        this.policies = policies;
        this.denying = denying;
        this.granting = granting;
        this.prefix = rule.isPrefix();
        String pattern = rule.pattern();
        this.body = prefix ? pattern.substring(0, pattern.length() - 1) : pattern;
        this.segments = body.split("/", -1);
        int plus = pattern.indexOf('+');
        this.firstWildcard = rule.hasSegmentWildcards() ? plus : body.length();
        int count = 0;
        for (String s : segments) {
            if (s.equals("+")) {
                count++;
            }
        }
        this.wildcards = count;
    }

    static MergedRule of(String policy, PathRule rule) {
        Map<Capability, List<String>> granting = new EnumMap<>(Capability.class);
        if (!rule.denies()) {
            rule.capabilities().forEach(c -> granting.put(c, List.of(policy)));
        }
        return new MergedRule(rule, List.of(policy), rule.denies() ? List.of(policy) : List.of(), granting);
    }

    MergedRule plus(MergedRule other) {
        Map<Capability, List<String>> granting = new EnumMap<>(Capability.class);
        for (Capability c : Capability.values()) {
            List<String> both = union(this.granting.getOrDefault(c, List.of()),
                    other.granting.getOrDefault(c, List.of()));
            if (!both.isEmpty()) {
                granting.put(c, both);
            }
        }
        return new MergedRule(rule.mergedWith(other.rule), union(policies, other.policies),
                union(denying, other.denying), granting);
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    /**
     * True if this segment-wildcard pattern matches a path split on {@code /}. A {@code +}
     * matches one non-empty segment; the last segment of a prefix pattern matches by prefix and
     * takes the rest of the path with it.
     */
    boolean matchesSegments(String[] parts) {
        if (parts.length < segments.length || (!prefix && parts.length != segments.length)) {
            return false;
        }
        int last = segments.length - 1;
        for (int i = 0; i <= last; i++) {
            String seg = segments[i];
            if (seg.equals("+")) {
                if (parts[i].isEmpty()) {
                    return false;
                }
            } else if (!seg.equals(parts[i]) && !(prefix && i == last && parts[i].startsWith(seg))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Positive if {@code a} wins over {@code b} when both match, by Vault's order: the later
     * first wildcard wins; then not ending in {@code *}; then fewer {@code +} segments; then the
     * longer pattern; then the lexicographically larger.
     */
    static int comparePriority(MergedRule a, MergedRule b) {
        if (a.firstWildcard != b.firstWildcard) {
            return Integer.compare(a.firstWildcard, b.firstWildcard);
        }
        if (a.prefix != b.prefix) {
            return a.prefix ? -1 : 1;
        }
        if (a.wildcards != b.wildcards) {
            return Integer.compare(b.wildcards, a.wildcards);
        }
        if (a.body.length() != b.body.length()) {
            return Integer.compare(a.body.length(), b.body.length());
        }
        return a.body.compareTo(b.body);
    }

    /**
     * Why the request parameters break this rule's parameter constraints, or null if they do
     * not. Only reads, creates, updates and patches carry parameters that are checked, as in
     * Vault. Reasons name parameters, never their values.
     */
    String parameterProblem(Operation op, Map<String, ?> data) {
        if (op != Operation.READ && op != Operation.CREATE && op != Operation.UPDATE
                && op != Operation.PATCH) {
            return null;
        }
        for (String required : rule.requiredParameters()) {
            if (!data.containsKey(required.toLowerCase(Locale.ROOT))) {
                return "required parameter " + quote(required) + " is missing";
            }
        }
        if (data.isEmpty()) {
            return null;
        }
        Map<String, List<String>> denied = rule.deniedParameters();
        if (!denied.isEmpty()) {
            if (denied.containsKey("*")) {
                return "no parameters are allowed";
            }
            for (Map.Entry<String, ?> e : data.entrySet()) {
                List<String> values = denied.get(e.getKey().toLowerCase(Locale.ROOT));
                if (values != null && ParameterValues.denied(e.getValue(), values)) {
                    return "parameter " + quote(e.getKey()) + " is denied"
                            + (values.isEmpty() ? "" : " with this value");
                }
            }
        }
        Map<String, List<String>> allowed = rule.allowedParameters();
        boolean anyName = allowed.containsKey("*");
        if (allowed.isEmpty() || (anyName && allowed.size() == 1)) {
            return null;
        }
        for (Map.Entry<String, ?> e : data.entrySet()) {
            List<String> values = allowed.get(e.getKey().toLowerCase(Locale.ROOT));
            if (values == null && !anyName) {
                return "parameter " + quote(e.getKey()) + " is not allowed";
            }
            if (values != null && !ParameterValues.allowed(e.getValue(), values)) {
                return "parameter " + quote(e.getKey()) + " is not allowed this value";
            }
        }
        return null;
    }

    /** {@code rule "p" of policy "a"} / {@code of policies "a", "b"}. */
    String describe(List<String> who) {
        List<String> quoted = new ArrayList<>(who.size());
        who.forEach(p -> quoted.add(quote(p)));
        return "rule " + quote(rule.pattern()) + " of polic" + (who.size() == 1 ? "y " : "ies ")
                + String.join(", ", quoted);
    }
}
