package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code coffer login -method=userpass|approle} against a real server: the token is stored, secrets never shown. */
class LoginMethodsTest extends ServerHarness {
    private static boolean enabled;

    @BeforeEach
    void enableMethods() throws Exception {
        if (!enabled) {
            enabled = true;
            ok("write", "sys/auth/userpass", "type=userpass");
            ok("write", "sys/auth/approle", "type=approle");
            ok("write", "sys/auth/people", "type=userpass");
            // "coffer write" keeps a file's content as is (Vault does too): no newline in the password file.
            Path pw = Files.writeString(home.resolve("alice-pw"), "alice-pass-1");
            ok("write", "auth/userpass/users/alice", "password=@" + pw, "token_policies=default");
        }
    }

    private Path tokenFile() {
        return home.resolve(".coffer-token");
    }

    @Test
    void userpassReadsThePasswordFromStdinAndStoresTheToken() throws Exception {
        ClientOptions.tokenForTests = null;
        Result r = runWithStdin("alice-pass-1\n", "login", "-method=userpass", "username=alice", "password=-");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Success! You are now authenticated.").doesNotContain("alice-pass-1");
        String token = Files.readString(tokenFile());
        assertThat(token).startsWith("cfs_");
        assertThat(r.out() + r.err()).doesNotContain(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile()))).isEqualTo("rw-------");
        assertThat(ok("token", "lookup", "-field=display_name")).isEqualTo("userpass-alice\n");

        // Without password=..., it is asked for (read from stdin when there is no terminal).
        Files.delete(tokenFile());
        Result asked = runWithStdin("alice-pass-1\n", "login", "-method=userpass", "username=alice", "-no-print");
        assertThat(asked.code()).as(asked.err()).isZero();
        assertThat(tokenFile()).exists();
    }

    @Test
    void aWrongPasswordIsRefusedAndStoresNothing() {
        Result r = runWithStdin("not-it\n", "login", "-method=userpass", "username=alice");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Error authenticating: ").contains("invalid username or password")
                .doesNotContain("not-it");
        assertThat(tokenFile()).doesNotExist();
        Result missing = run("login", "-method=userpass", "password=x");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("needs username=NAME");
    }

    @Test
    void approleReadsItsIdsFromFilesAndASingleUseSecretIdWorksOnce() throws Exception {
        ok("write", "auth/approle/role/ci", "secret_id_num_uses=1", "token_policies=default");
        String roleId = ok("read", "-field=role_id", "auth/approle/role/ci/role-id").strip();
        String secretId = ok("write", "-f", "-field=secret_id", "auth/approle/role/ci/secret-id").strip();
        Path roleFile = Files.writeString(home.resolve("role-id"), roleId + "\n");
        Path secretFile = Files.writeString(home.resolve("secret-id"), secretId + "\n");
        ClientOptions.tokenForTests = null;

        Result r = run("login", "-method=approle", "role_id=@" + roleFile, "secret_id=@" + secretFile);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain(secretId).contains("role_name");
        assertThat(ok("token", "lookup", "-field=display_name")).isEqualTo("approle-ci\n");

        Files.delete(tokenFile());
        Result again = run("login", "-method=approle", "role_id=@" + roleFile, "secret_id=@" + secretFile);
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("invalid role or secret ID").doesNotContain(secretId);
        assertThat(tokenFile()).doesNotExist();
    }

    @Test
    void anotherMountPathAndNoStorePrintTheTokenOnce() throws Exception {
        ok("write", "auth/people/users/bob", "password=@" + Files.writeString(home.resolve("pw2"), "bob-pass-22"));
        Result r = runWithStdin("bob-pass-22", "login", "-method=userpass", "-path=people", "username=bob",
                "password=-", "-no-store", "-field=token");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("cfs_");
        assertThat(tokenFile()).doesNotExist();
    }

    @Test
    void badArgumentsAreUsageErrorsThatDoNotEchoValues() {
        Result r = run("login", "-method=approle", "role_id=x", "s3cr3t-without-key");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("argument 2 is not of the form key=value").doesNotContain("s3cr3t");
        Result dup = run("login", "-method=approle", "role_id=x", "role_id=y");
        assertThat(dup.err()).contains("role_id is given twice");
        Result file = run("login", "-method=approle", "role_id=@/nonexistent/file");
        assertThat(file.code()).isEqualTo(1);
        assertThat(file.err()).contains("Error reading the value of role_id");
        Result token = run("login", "a", "b");
        assertThat(token.code()).isEqualTo(2);
    }
}
