package dev.coffer.leaks.scan;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Random and mutated rule files fail with a clear IllegalArgumentException and nothing else. */
class RulesYamlFuzzProperties {
    private static final String VALID = """
            rules:
              - id: acme-token
                description: ACME token
                severity: high
                keywords: [acme_]
                regex: '\\b(acme_[a-z0-9]{24})\\b'
                entropy: 3.0
                allowlist:
                  paths: ['test/**']
                  regexes: ['^acme_0']
              - id: jwt
                severity: low
            disabled: [generic-token]
            allowlist:
              values: ['acme_abcdefabcdefabcdefabcdef']
            """;

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().withChars("ab:-[]{}'\"\n #&*!|>%@`\\?,=".toCharArray()).ofMaxLength(200);
    }

    private static void load(String yaml) {
        try {
            RuleSet set = RuleSet.parse(yaml, "fuzz.yaml", RuleSet.defaults());
            assertThat(set.rules()).isNotNull();
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("fuzz.yaml: ");
        }
    }

    @Property(tries = 500)
    void randomTextIsAcceptedOrRejectedClearly(@ForAll("junk") String yaml) {
        load(yaml);
    }

    @Property(tries = 500)
    void aMutatedValidFileIsAcceptedOrRejectedClearly(@ForAll @IntRange(min = 0, max = 10_000) int at,
                                                      @ForAll @StringLength(max = 6) String insert,
                                                      @ForAll @IntRange(min = 0, max = 6) int delete) {
        int pos = at % VALID.length();
        String mutated = VALID.substring(0, pos) + insert + VALID.substring(Math.min(VALID.length(), pos + delete));
        load(mutated);
    }

    @Property(tries = 200)
    void anyScalarInAnyFieldIsAcceptedOrRejectedClearly(@ForAll("junk") String value,
                                                        @ForAll @IntRange(min = 0, max = 12) int field) {
        String[] fields = {"id", "description", "severity", "keywords", "regex", "assign", "value", "group", "entropy",
            "validator", "generic", "multiline", "allowlist"};
        load("rules:\n  - id: f1\n    description: d\n    keywords: [abc]\n    regex: 'abc'\n    " + fields[field] + ": "
                + value.replace("\n", " ") + "\n");
    }
}
