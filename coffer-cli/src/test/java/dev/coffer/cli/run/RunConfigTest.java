package dev.coffer.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RunConfigTest {
    static final String CONFIG = """
            version: 1
            secrets:
              DB_USER: coffer://secret/app/db#username
              DB_PASSWORD: coffer://secret/dev/db#password
            environments:
              production:
                DB_PASSWORD: coffer://secret/prod/db#password
                TLS_KEY:
                  ref: coffer://secret/prod/tls#key
                  file: true
              empty:
            """;

    @Test
    void anEnvironmentAddsToAndOverridesTheTopLevelSecrets() {
        assertThat(RunConfig.parse(CONFIG, "coffer.yaml", "production")).containsExactly(
                new Injection("DB_USER", SecretRef.parse("coffer://secret/app/db#username"), false, "coffer.yaml"),
                new Injection("DB_PASSWORD", SecretRef.parse("coffer://secret/prod/db#password"), false, "coffer.yaml"),
                new Injection("TLS_KEY", SecretRef.parse("coffer://secret/prod/tls#key"), true, "coffer.yaml"));
        assertThat(RunConfig.parse(CONFIG, "coffer.yaml", null)).extracting(i -> i.ref().path())
                .containsExactly("secret/app/db", "secret/dev/db");
        assertThat(RunConfig.parse(CONFIG, "coffer.yaml", "empty")).hasSize(2);
        assertThat(RunConfig.parse("", "coffer.yaml", null)).isEmpty();
        assertThat(RunConfig.parse("# only a comment\n", "coffer.yaml", null)).isEmpty();
    }

    @Test
    void mistakesAreNamedWithTheirPlace() {
        assertBad("secrets: [a, b]", null, "config file c.yaml, secrets: must be a mapping of names to values");
        assertBad("secret:\n  A: coffer://s/a#b\n", null, "config file c.yaml, secret: unknown key (expected version, secrets, environments)");
        assertBad("version: 2\n", null, "config file c.yaml, version: only version 1 exists");
        assertBad("secrets:\n  A: {ref: coffer://s/a#b, file: yes}\n", null, "config file c.yaml, secrets.A.file: must be true or false");
        assertBad("secrets:\n  A: {file: true}\n", null, "config file c.yaml, secrets.A.ref: missing: give the reference, coffer://<mount>/<path>#<field>");
        assertBad("secrets:\n  A: 42\n", null, "config file c.yaml, secrets.A: must be a reference (coffer://...) or {ref: ..., file: true}");
        assertBad("secrets:\n  A-B: coffer://s/a#b\n", null,
                "config file c.yaml, secrets.A-B: 'A-B' is not a variable name (letters, digits and _, not starting with a digit)");
        assertBad("secrets:\n  A: coffer://s/a\n", null,
                "config file c.yaml, secrets.A: invalid secret reference coffer://s/a: it names no field: add #<field>, e.g. coffer://s/a#password");
        assertBad("environments:\n  prod: {}\n", "production", "config file c.yaml has no environment 'production' (it has: prod)");
        assertThatThrownBy(() -> RunConfig.parse("secrets:\n  A: coffer://s/a#b\n  A: coffer://s/a#c\n", "c.yaml", null))
                .isInstanceOf(RunFailure.class).hasMessageStartingWith("config file c.yaml is not valid YAML:").hasMessageContaining("line 3");
    }

    private static void assertBad(String text, String env, String message) {
        assertThatThrownBy(() -> RunConfig.parse(text, "c.yaml", env)).isInstanceOf(RunFailure.class).hasMessage(message);
    }
}
