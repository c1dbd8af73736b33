package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** {@code coffer login} stores the token owner-only, never prints it, and later commands use it. */
class LoginCommandTest extends ServerHarness {

    @Test
    void loginStoresTheTokenWithMode0600AndLaterCommandsUseIt() throws Exception {
        String token = childToken("-policy=default", "-display-name=deployer");
        ClientOptions.tokenForTests = null;
        Path file = home.resolve(".coffer-token");

        Result login = runWithStdin(token + "\n", "login");
        assertThat(login.code()).isZero();
        assertThat(login.out()).startsWith("Success! You are now authenticated.")
                .contains(file.toString())
                .containsPattern("token_accessor\\s+\\w+")
                .contains("policies             [\"default\"]")
                .doesNotContain(token);
        assertThat(login.err()).doesNotContain(token);

        assertThat(Files.readString(file)).isEqualTo(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (var siblings = Files.list(home)) {
            assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly(".coffer-token");
        }

        assertThat(ok("token", "lookup", "-field=display_name")).isEqualTo("token-deployer\n");
        assertThat(run("kv", "get", "secret/x").err()).contains("Code: 403");

        assertThat(runLocal("", "logout").out()).startsWith("Success! Removed the stored token");
        assertThat(file).doesNotExist();
        assertThat(run("token", "lookup").code()).isEqualTo(2);
    }

    @Test
    void aSecondLoginReplacesTheStoredToken() throws Exception {
        String first = childToken("-policy=default");
        String second = childToken("-policy=default");
        assertThat(runWithStdin(first, "login", "-").code()).isZero();
        assertThat(runWithStdin(second, "login", "-no-print").out()).isEmpty();
        Path file = home.resolve(".coffer-token");
        assertThat(Files.readString(file)).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void noStorePrintsTheTokenAndStoresNothing() {
        String token = childToken("-policy=default");
        Result r = runWithStdin(token, "login", "-no-store", "-field=token");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo(token + "\n");
        assertThat(home.resolve(".coffer-token")).doesNotExist();

        Result table = runWithStdin(token, "login", "-no-store");
        assertThat(table.out()).containsPattern("token\\s+" + token);
    }

    @Test
    void aBadTokenIsRefusedAndNothingIsStored() {
        Result r = runWithStdin("cfs_not-a-real-token\n", "login");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Error authenticating: error looking up token: Error making API request.")
                .contains("Code: 403");
        assertThat(home.resolve(".coffer-token")).doesNotExist();

        Result field = runWithStdin("x", "login", "-field=token");
        assertThat(field.code()).isEqualTo(2);
        assertThat(field.err()).contains("add -no-store");
    }
}
