package dev.coffer.cli.run;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One secret to hand to the command: the variable {@code name} gets the value of {@code ref}, or,
 * with {@code file}, the path of a 0600 file holding it.
 *
 * @param source where the request came from ({@code --secret}, {@code environment},
 *               {@code coffer.yaml}), for messages
 */
public record Injection(String name, SecretRef ref, boolean file, String source) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public Injection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(source, "source");
    }

    /**
     * Checks a variable name given on the command line or in {@code coffer.yaml}: letters, digits
     * and underscores, not starting with a digit (file injection also uses it as the file name).
     *
     * @throws RunFailure naming the problem
     */
    public static String checkName(String name, String where) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new RunFailure(where + ": '" + (name == null ? "" : name)
                    + "' is not a variable name (letters, digits and _, not starting with a digit)");
        }
        return name;
    }

    /** Parses {@code NAME=coffer://...} as given to {@code --secret} or {@code --secret-file}. */
    public static Injection parseOption(String option, String value, boolean file) {
        int eq = value.indexOf('=');
        if (eq <= 0) {
            throw new RunFailure(option + " " + value + ": expected NAME=" + SecretRef.SCHEME + "<mount>/<path>#<field>");
        }
        String name = checkName(value.substring(0, eq), option);
        return new Injection(name, SecretRef.parse(value.substring(eq + 1)), file, option);
    }
}
