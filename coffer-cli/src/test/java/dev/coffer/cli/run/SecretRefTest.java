package dev.coffer.cli.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretRefTest {
    @Test
    void parsesPathFieldAndVersionInEitherPlace() {
        assertThat(SecretRef.parse("coffer://secret/app/db#password"))
                .isEqualTo(new SecretRef("secret/app/db", "password", 0, "coffer://secret/app/db#password"));
        assertThat(SecretRef.parse("coffer://secret/app/db?version=3#password").version()).isEqualTo(3);
        SecretRef after = SecretRef.parse("coffer://secret/app/db#password?version=2");
        assertThat(after.field()).isEqualTo("password");
        assertThat(after.version()).isEqualTo(2);
        assertThat(SecretRef.parse("coffer:///team/kv/svc/api/#key").path()).isEqualTo("team/kv/svc/api");
    }

    @Test
    void refusesWhatCannotNameOneField() {
        assertBad("vault://secret/app#x", "invalid secret reference vault://secret/app#x: it must start with coffer://");
        assertBad("coffer://secret/app/db", "invalid secret reference coffer://secret/app/db: it names no field: add #<field>, "
                + "e.g. coffer://secret/app/db#password");
        assertBad("coffer://secret/app/db#", "invalid secret reference coffer://secret/app/db#: the field after # is empty");
        assertBad("coffer://secret#password", "invalid secret reference coffer://secret#password: it names only the mount 'secret': "
                + "add the secret's path, e.g. coffer://secret/app/db#password");
        assertBad("coffer://#password", "invalid secret reference coffer://#password: it names no secret: use coffer://<mount>/<path>#<field>");
        assertBad("coffer://secret/a/../b#x", "invalid secret reference coffer://secret/a/../b#x: its path has an empty, '.' or '..' segment");
        assertBad("coffer://secret/a//b#x", "invalid secret reference coffer://secret/a//b#x: its path has an empty, '.' or '..' segment");
        assertBad("coffer://secret/a%2fb#x", "invalid secret reference coffer://secret/a%2fb#x: its path has a control character, a backslash or a '%'");
        assertBad("coffer://secret/a?version=0#x", "invalid secret reference coffer://secret/a?version=0#x: ?version must be a positive whole number, not '0'");
        assertBad("coffer://secret/a?v=1#x", "invalid secret reference coffer://secret/a?v=1#x: the only query parameter is ?version=N");
        assertBad("coffer://secret/a?version=1#x?version=2", "invalid secret reference coffer://secret/a?version=1#x?version=2: it gives ?version twice");
    }

    @Test
    void variableNamesAreCheckedWhereTheyAreGiven() {
        assertThat(Injection.parseOption("-secret", "DB_PASSWORD=coffer://secret/app/db#password", false).name()).isEqualTo("DB_PASSWORD");
        assertThatThrownBy(() -> Injection.parseOption("-secret", "coffer://secret/app/db#password", false))
                .hasMessage("-secret coffer://secret/app/db#password: expected NAME=coffer://<mount>/<path>#<field>");
        assertThatThrownBy(() -> Injection.parseOption("-secret-file", "1KEY=coffer://secret/app/db#password", true))
                .hasMessage("-secret-file: '1KEY' is not a variable name (letters, digits and _, not starting with a digit)");
        assertThatThrownBy(() -> Injection.parseOption("-secret-file", "../x=coffer://secret/app/db#password", true))
                .hasMessage("-secret-file: '../x' is not a variable name (letters, digits and _, not starting with a digit)");
    }

    private static void assertBad(String ref, String message) {
        assertThatThrownBy(() -> SecretRef.parse(ref)).isInstanceOf(RunFailure.class).hasMessage(message);
    }
}
