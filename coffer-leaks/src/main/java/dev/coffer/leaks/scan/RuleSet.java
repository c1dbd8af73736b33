package dev.coffer.leaks.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The rules a scan runs and the allowlist that applies to all of them. The built-in rules live in
 * {@code rules.yaml} next to this class; a user file ({@code --config}) adds rules, overrides built-in
 * ones by id (fields it gives replace the built-in's, the others are kept), disables rules by id and
 * extends the allowlist (paths by glob or regex, secrets by regex or exact value). See
 * {@code docs/scan-rules.md}. Immutable.
 */
public final class RuleSet {
    private static final String RESOURCE = "rules.yaml";

    private final List<Rule> rules;
    private final Allowlist allowlist;

    RuleSet(List<Rule> rules, Allowlist allowlist) {
        this.rules = List.copyOf(rules);
        this.allowlist = allowlist;
    }

    /** The built-in rules. */
    public static RuleSet defaults() {
        return Defaults.INSTANCE;
    }

    /**
     * The built-in rules extended and overridden by the YAML file {@code yaml}.
     *
     * @throws IllegalArgumentException when the file cannot be read or is invalid; the message names the
     *     file, the rule or field and the problem (never a secret value)
     */
    public static RuleSet withConfig(Path yaml) {
        String name = String.valueOf(yaml);
        String text;
        try {
            byte[] bytes = Files.readAllBytes(yaml);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(name + ": not UTF-8 text");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(name + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        return RulesYaml.parse(text, name, defaults());
    }

    /** Parses rules from YAML text on top of {@code base}; {@code name} names the source in error messages. */
    static RuleSet parse(String yaml, String name, RuleSet base) {
        return RulesYaml.parse(yaml, name, base);
    }

    /** The rules, built-in first, in file order. */
    public List<Rule> rules() {
        return rules;
    }

    /** The rule with this id, if there is one. */
    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** What no rule reports: paths, secret patterns and values. */
    public Allowlist allowlist() {
        return allowlist;
    }

    @Override
    public String toString() {
        return "RuleSet[" + rules.size() + " rules]";
    }

    private static final class Defaults {
        static final RuleSet INSTANCE = load();

        private static RuleSet load() {
            try (InputStream in = RuleSet.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("built-in " + RESOURCE + " is missing from the class path");
                }
                return RulesYaml.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + RESOURCE,
                        new RuleSet(List.of(), Allowlist.NONE));
            } catch (IOException e) {
                throw new IllegalStateException("built-in " + RESOURCE + " cannot be read", e);
            }
        }
    }
}
