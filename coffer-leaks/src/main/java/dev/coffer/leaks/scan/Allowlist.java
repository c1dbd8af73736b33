package dev.coffer.leaks.scan;

import java.util.List;

/**
 * What a rule (or the whole rule set) must not report: files by path glob ({@code **}{@code /fixtures/**},
 * {@code *.lock}; a glob without {@code /} matches the file name anywhere) or path regex, secrets matching a
 * regex, and exact secret values. {@link #toString()} never prints the values: they are secrets.
 */
public record Allowlist(List<String> pathGlobs, List<String> pathRegexes, List<String> secretRegexes,
                        List<String> values) {

    /** Nothing allowed. */
    public static final Allowlist NONE = new Allowlist(List.of(), List.of(), List.of(), List.of());

    public Allowlist {
        pathGlobs = List.copyOf(pathGlobs);
        pathRegexes = List.copyOf(pathRegexes);
        secretRegexes = List.copyOf(secretRegexes);
        values = List.copyOf(values);
    }

    /** True when this allows nothing. */
    public boolean isEmpty() {
        return pathGlobs.isEmpty() && pathRegexes.isEmpty() && secretRegexes.isEmpty() && values.isEmpty();
    }

    /** The union of this allowlist and another. */
    public Allowlist and(Allowlist other) {
        return new Allowlist(concat(pathGlobs, other.pathGlobs), concat(pathRegexes, other.pathRegexes),
                concat(secretRegexes, other.secretRegexes), concat(values, other.values));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return b.isEmpty() ? a : a.isEmpty() ? b : java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Override
    public String toString() {
        return "Allowlist[pathGlobs=" + pathGlobs + ", pathRegexes=" + pathRegexes + ", secretRegexes=" + secretRegexes
                + ", values=" + values.size() + " redacted]";
    }
}
