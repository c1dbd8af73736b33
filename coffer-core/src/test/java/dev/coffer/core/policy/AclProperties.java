package dev.coffer.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class AclProperties {

    private static final String GRANTED = "secret/data/app/";
    private static final Acl APP_ONLY = Acl.of(List.of(Policy.parse("app", """
            path "secret/data/app/*" {
              capabilities = ["create", "read", "update", "patch", "delete", "list", "sudo"]
            }
            """)));

    // ---- (a) default deny ----------------------------------------------------------------------

    @Property(tries = 200)
    void aPathNoPatternCanMatchIsDeniedForEveryOperation(
            @ForAll("policies") List<Policy> policies, @ForAll("foreignPaths") String path) {
        Acl acl = Acl.of(policies);
        for (Operation op : Operation.values()) {
            assertThat(acl.allows(op, path, false)).isFalse();
            assertThat(acl.allows(op, path, true)).isFalse();
            assertThat(acl.explain(op, path).pattern()).isEmpty();
        }
        assertThat(acl.capabilities(path)).isEmpty();
    }

    // ---- the index finds what a scan of every pattern finds -----------------------------------

    @Property(tries = 1000)
    void theIndexAgreesWithAScanOfEveryPattern(@ForAll("policies") List<Policy> policies,
            @ForAll("paths") String path, @ForAll Operation op) {
        Acl acl = Acl.of(policies);
        Set<String> patterns = new LinkedHashSet<>();
        policies.forEach(p -> p.rules().forEach(r -> patterns.add(r.pattern())));
        String expected = decidingPattern(patterns, op, path);
        assertThat(acl.explain(op, path).pattern()).isEqualTo(expected == null ? "" : expected);
    }

    // ---- (b) path tricks never widen access ----------------------------------------------------

    @Property(tries = 300)
    void pathTricksAreRefusedOrDenied(@ForAll("trickPaths") String path) {
        boolean refused = refusedByNormalizer(path);
        boolean allowedSomewhere = false;
        for (Operation op : Operation.values()) {
            allowedSomewhere |= APP_ONLY.allows(op, path, false);
        }
        assertThat(refused || !allowedSomewhere || path.startsWith(GRANTED))
                .as("trick path %s", escape(path))
                .isTrue();
        if (!refused && allowedSomewhere) {
            assertThat(path).startsWith(GRANTED).doesNotContain("\\", "\u0000", "//", "%2e", "%2E");
            assertThat(path.split("/")).doesNotContain(".", "..");
        }
    }

    @Property(tries = 300)
    void whatTheNormalizerAcceptsIsAllowedOnlyUnderTheGrantedPrefix(@ForAll("nastyPaths") String path) {
        if (refusedByNormalizer(path)) {
            return;
        }
        for (Operation op : Operation.values()) {
            if (APP_ONLY.allows(op, path, false)) {
                assertThat(path).startsWith(GRANTED);
            }
        }
    }

    private static boolean refusedByNormalizer(String path) {
        try {
            assertThat(PathNormalizer.check(path)).isSameAs(path);
            return false;
        } catch (CofferException e) {
            assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
            return true;
        }
    }

    // ---- a reference evaluator: every pattern tried, one by one, as regular expressions ------

    private static String decidingPattern(Set<String> patterns, Operation op, String requestPath) {
        String path = requestPath.replaceFirst("^/+", "");
        if (patterns.contains(path) && !isWildcard(path)) {
            return path;
        }
        if (op == Operation.LIST && path.endsWith("/")) {
            String trimmed = path.substring(0, path.length() - 1);
            if (patterns.contains(trimmed) && !isWildcard(trimmed)) {
                return trimmed;
            }
            String found = bestWildcard(patterns, trimmed);
            if (found != null) {
                return found;
            }
        }
        return bestWildcard(patterns, path);
    }

    private static boolean isWildcard(String pattern) {
        return pattern.endsWith("*") || List.of(pattern.split("/", -1)).contains("+");
    }

    private static String bestWildcard(Set<String> patterns, String path) {
        return patterns.stream()
                .filter(AclProperties::isWildcard)
                .filter(p -> asRegex(p).matcher(path).matches())
                .max(Comparator.<String>comparingInt(AclProperties::firstWildcard)
                        .thenComparing(p -> !p.endsWith("*"))
                        .thenComparing(p -> -plusSegments(p))
                        .thenComparingInt(p -> body(p).length())
                        .thenComparing(AclProperties::body))
                .orElse(null);
    }

    private static Pattern asRegex(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String segment : body(pattern).split("/", -1)) {
            parts.add(segment.equals("+") ? "[^/]+" : Pattern.quote(segment));
        }
        return Pattern.compile(String.join("/", parts) + (pattern.endsWith("*") ? ".*" : ""), Pattern.DOTALL);
    }

    private static int firstWildcard(String pattern) {
        int plus = List.of(pattern.split("/", -1)).contains("+") ? pattern.indexOf('+') : -1;
        return plus >= 0 ? plus : body(pattern).length();
    }

    private static int plusSegments(String pattern) {
        return (int) List.of(pattern.split("/", -1)).stream().filter("+"::equals).count();
    }

    private static String body(String pattern) {
        return pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : pattern;
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<List<Policy>> policies() {
        Arbitrary<PathRule> rule = Combinators.combine(patterns(), capabilities())
                .as((pattern, caps) -> PathRule.of(pattern, caps.toArray(Capability[]::new)));
        return rule.list().ofMinSize(1).ofMaxSize(8).list().ofMinSize(1).ofMaxSize(3).map(lists -> {
            List<Policy> out = new ArrayList<>();
            for (int i = 0; i < lists.size(); i++) {
                out.add(new Policy("p" + i, lists.get(i)));
            }
            return out;
        });
    }

    /** Patterns whose first segment is a literal of a and b: nothing starting with x, y, z matches. */
    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> literal = Arbitraries.strings().withChars("ab").ofMinLength(1).ofMaxLength(2);
        Arbitrary<String> segment = Arbitraries.frequencyOf(Tuple.of(3, literal), Tuple.of(1, Arbitraries.just("+")));
        return Combinators.combine(literal, segment.list().ofMaxSize(3), Arbitraries.integers().between(0, 2))
                .as((first, rest, ending) -> {
                    List<String> segments = new ArrayList<>();
                    segments.add(first);
                    segments.addAll(rest);
                    String pattern = String.join("/", segments);
                    if (ending == 1 && !pattern.endsWith("+")) {
                        return pattern + "*";
                    }
                    return ending == 0 ? pattern : pattern + "/*";
                });
    }

    private Arbitrary<Set<Capability>> capabilities() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(Capability.CREATE, Capability.READ, Capability.UPDATE,
                        Capability.PATCH, Capability.DELETE, Capability.LIST, Capability.SUDO)),
                Tuple.of(1, Arbitraries.just(Capability.DENY))).set().ofMaxSize(4);
    }

    /** Paths over a small alphabet, so that several patterns often match; some end in "/". */
    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.strings().withChars("ab").ofMinLength(1).ofMaxLength(2)),
                Tuple.of(1, Arbitraries.of("", "+", "ab+", "b*")));
        return Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(5), Arbitraries.integers().between(0, 2))
                .as((segments, slash) -> String.join("/", segments) + (slash == 0 ? "/" : ""));
    }

    @Provide
    Arbitrary<String> foreignPaths() {
        Arbitrary<String> first = Arbitraries.strings().withChars("xyz").ofMinLength(1).ofMaxLength(3);
        Arbitrary<String> rest = Arbitraries.strings().withChars("abcxyz/+*").ofMaxLength(12);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    @Provide
    Arbitrary<String> trickPaths() {
        Arbitrary<String> start = Arbitraries.of(GRANTED, "secret/data/app", "secret/data/", "secret/", "");
        Arbitrary<String> step = Arbitraries.of("../", "..", "./", "/", "//", "%2e%2e/", "%2E%2e%2F",
                "..%2f", "%2e./", ".%2E/", "..\\", "%5c", "%5C..%5C", "\u0000", "..\u0000/", "app/");
        Arbitrary<String> target = Arbitraries.of("sys/seal", "sys/policies/acl/root", "secret/data/other/x",
                "auth/token/create", "x", "");
        Arbitrary<Integer> disguise = Arbitraries.integers().between(0, 7);
        return Combinators.combine(start, step.list().ofMaxSize(4), target, disguise)
                .as((s, steps, t, d) -> disguise(s + String.join("", steps) + t, d));
    }

    private static String disguise(String path, int how) {
        return switch (how) {
            case 1 -> path.toUpperCase(java.util.Locale.ROOT);
            case 2 -> path.replace('a', '\u0430');
            case 3 -> path.replace('/', '\uFF0F');
            case 4 -> path.replace('/', '\u2215');
            case 5 -> "/" + path;
            case 6 -> path + "//";
            case 7 -> path.replace("/", "/\u0000");
            default -> path;
        };
    }

    @Provide
    Arbitrary<String> nastyPaths() {
        Arbitrary<String> noise = Arbitraries.strings()
                .withChars("secrtdap/.%2eEfF5cC\\\u0000\u0430\uFF0F+*")
                .ofMaxLength(30);
        return Combinators.combine(Arbitraries.of("", GRANTED, "secret/data/", "secret/data/app"), noise)
                .as(String::concat);
    }

    private static String escape(String s) {
        return Messages.quote(s);
    }
}
