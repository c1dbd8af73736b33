package dev.coffer.core.policy;

import static dev.coffer.core.policy.Messages.quote;

import dev.coffer.core.CofferException;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One {@code path "pattern" { ... }} block of a policy.
 *
 * <p>A pattern is a request path such as {@code secret/data/app}, optionally with
 * <ul>
 *   <li>a trailing {@code *}: a prefix match ({@code secret/*} matches {@code secret/} and
 *       {@code secret/a/b}; {@code secret*} matches {@code secrets/x});
 *   <li>{@code +} as a whole segment: exactly one non-empty segment ({@code secret/+/config}
 *       matches {@code secret/a/config}, not {@code secret/a/b/config}). A {@code +} inside a
 *       segment ({@code a+b}) is a literal character.
 * </ul>
 * and {@code {{identity.claims.<name>}}} templates, filled in per token from its metadata (see
 * {@link PolicyTemplate}). A {@code *} anywhere else, {@code +*}, an empty pattern, a leading
 * {@code /}, control characters and any other {@code {{...}}} are refused. Patterns compare case-sensitively,
 * character by character.
 *
 * <p>A rule that contains {@link Capability#DENY} is normalised to exactly {@code {DENY}} with no
 * parameter or wrapping constraints, as Vault does. Parameter names in
 * {@code allowedParameters}/{@code deniedParameters} are lowercase (the parser lowercases them);
 * their values are the policy's values as strings (numbers in canonical form, {@code true},
 * {@code false}); an empty list means "any value". {@link Duration#ZERO} means "no wrapping
 * constraint". The parser refuses a maximum wrapping TTL below the minimum; merged rules can still
 * end up that way (as in Vault), and then no wrapped request satisfies them.
 *
 * @param pattern the path pattern, without a leading {@code /}
 * @param capabilities what the rule grants
 * @param allowedParameters request parameters allowed (key {@code "*"}: any other parameter)
 * @param deniedParameters request parameters denied (key {@code "*"}: every parameter)
 * @param requiredParameters request parameters that must be present
 * @param minWrappingTtl the shortest response-wrapping TTL a request must ask for
 * @param maxWrappingTtl the longest response-wrapping TTL a request may ask for
 */
public record PathRule(
        String pattern,
        Set<Capability> capabilities,
        Map<String, List<String>> allowedParameters,
        Map<String, List<String>> deniedParameters,
        List<String> requiredParameters,
        Duration minWrappingTtl,
        Duration maxWrappingTtl) {

    /** Validates the pattern and the constraints; copies every collection. */
    public PathRule {
        checkPattern(pattern);
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(minWrappingTtl, "minWrappingTtl");
        Objects.requireNonNull(maxWrappingTtl, "maxWrappingTtl");
        if (capabilities.contains(Capability.DENY)) {
            capabilities = Collections.unmodifiableSet(EnumSet.of(Capability.DENY));
            allowedParameters = Map.of();
            deniedParameters = Map.of();
            requiredParameters = List.of();
            minWrappingTtl = Duration.ZERO;
            maxWrappingTtl = Duration.ZERO;
        } else {
            EnumSet<Capability> caps = EnumSet.noneOf(Capability.class);
            caps.addAll(capabilities);
            capabilities = Collections.unmodifiableSet(caps);
            allowedParameters = copyParameters(pattern, "allowed_parameters", allowedParameters);
            deniedParameters = copyParameters(pattern, "denied_parameters", deniedParameters);
            requiredParameters = copyRequired(pattern, requiredParameters);
            if (minWrappingTtl.isNegative() || maxWrappingTtl.isNegative()) {
                throw invalid(pattern, "wrapping TTLs cannot be negative");
            }
        }
    }

    /** A rule granting {@code capabilities} on {@code pattern}, with no other constraint. */
    public static PathRule of(String pattern, Capability... capabilities) {
        return new PathRule(pattern, Set.of(capabilities), Map.of(), Map.of(), List.of(),
                Duration.ZERO, Duration.ZERO);
    }

    /** True if this rule is an explicit deny. */
    public boolean denies() {
        return capabilities.contains(Capability.DENY);
    }

    /** True if the pattern ends in {@code *}. */
    boolean isPrefix() {
        return pattern.endsWith("*");
    }

    /**
     * True if the pattern goes to Vault's segment-wildcard table: it is {@code +}, starts with
     * {@code +/} or contains {@code /+}.
     */
    boolean hasSegmentWildcards() {
        return pattern.equals("+") || pattern.startsWith("+/") || pattern.contains("/+");
    }

    /**
     * This rule and {@code other} (same pattern) as one, the way Vault merges rules for the same
     * pattern: deny in either wins; otherwise capabilities are unioned, the smaller non-zero
     * wrapping TTLs kept, parameter lists joined (an empty list, meaning any value, wins) and
     * required parameters unioned.
     */
    PathRule mergedWith(PathRule other) {
        if (!pattern.equals(other.pattern)) {
            throw new IllegalArgumentException("merging rules for different patterns");
        }
        if (denies()) {
            return this;
        }
        if (other.denies()) {
            return other;
        }
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        caps.addAll(capabilities);
        caps.addAll(other.capabilities);
        Set<String> required = new LinkedHashSet<>(requiredParameters);
        required.addAll(other.requiredParameters);
        return new PathRule(pattern, caps,
                mergeParameters(allowedParameters, other.allowedParameters),
                mergeParameters(deniedParameters, other.deniedParameters),
                List.copyOf(required),
                smallerNonZero(minWrappingTtl, other.minWrappingTtl),
                smallerNonZero(maxWrappingTtl, other.maxWrappingTtl));
    }

    private static Map<String, List<String>> mergeParameters(
            Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> out = new LinkedHashMap<>(a);
        b.forEach((key, values) -> out.merge(key, values, (x, y) -> {
            if (x.isEmpty() || y.isEmpty()) {
                return List.of();
            }
            Set<String> both = new LinkedHashSet<>(x);
            both.addAll(y);
            return List.copyOf(both);
        }));
        return out;
    }

    private static Duration smallerNonZero(Duration a, Duration b) {
        if (a.isZero()) {
            return b;
        }
        if (b.isZero()) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void checkPattern(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw CofferException.invalid("path \"\": a path pattern cannot be empty");
        }
        if (pattern.startsWith("/")) {
            throw invalid(pattern, "a path pattern cannot start with '/'");
        }
        for (int i = 0; i < pattern.length(); i++) {
            if (Character.isISOControl(pattern.charAt(i))) {
                throw invalid(pattern, "a path pattern cannot contain control characters");
            }
        }
        int star = pattern.indexOf('*');
        if (star >= 0 && star != pattern.length() - 1) {
            throw invalid(pattern, "'*' is only allowed at the end of a path pattern");
        }
        if (pattern.contains("+*")) {
            throw invalid(pattern, "invalid use of wildcards ('+*' is forbidden)");
        }
        if (pattern.contains("{{") || pattern.contains("}}")) {
            String rest = PolicyTemplate.TEMPLATE.matcher(pattern).replaceAll("");
            if (rest.contains("{{") || rest.contains("}}")) {
                throw invalid(pattern, "the only template is {{identity.claims.<name>}} (a claim the login put"
                        + " in the token's metadata), with <name> made of letters, digits, '_', '-' and '.'");
            }
        }
    }

    private static Map<String, List<String>> copyParameters(
            String pattern, String field, Map<String, List<String>> parameters) {
        Objects.requireNonNull(parameters, field);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : parameters.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "parameter name");
            if (key.contains("*") && !key.equals("*")) {
                throw invalid(pattern, field + ": parameter " + quote(key)
                        + ": '*' is only allowed as the whole name \"*\"");
            }
            if (key.startsWith("/")) {
                throw invalid(pattern, field + ": parameter " + quote(key)
                        + ": JSON-pointer parameter names are not supported");
            }
            out.put(key, List.copyOf(e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> copyRequired(String pattern, Collection<String> required) {
        Objects.requireNonNull(required, "requiredParameters");
        for (String key : required) {
            if (key == null || key.contains("*")) {
                throw invalid(pattern, "required_parameters: parameter " + quote(key)
                        + ": wildcards are not allowed here");
            }
        }
        return List.copyOf(new LinkedHashSet<>(required));
    }

    private static CofferException invalid(String pattern, String problem) {
        return CofferException.invalid("path " + quote(pattern) + ": " + problem);
    }
}
