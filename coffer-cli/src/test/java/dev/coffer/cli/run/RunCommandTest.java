package dev.coffer.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code coffer run} in this JVM, against a real server, with real {@code /bin/sh} children. */
@Timeout(120)
class RunCommandTest extends RunHarness {
    static final String PASSWORD = "made-up-db-password-4711";

    @Test
    void injectsSecretsAsVariablesWithTheReferencesReplaced() throws IOException {
        putV2("secret", "app/db", Map.of("username", "app", "password", PASSWORD));
        Path seen = dir.resolve("seen");
        Result r = run("-secret", "DB_PASSWORD=coffer://secret/app/db#password", "-secret", "DB_USER=coffer://secret/app/db#username",
                "--", "sh", "-c", "printf '%s|%s' \"$DB_USER\" \"$DB_PASSWORD\" > " + sq(seen.toString()) + "; echo done");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("done\n");
        assertThat(Files.readString(seen)).isEqualTo("app|" + PASSWORD);
        assertThat(r.err()).isEqualTo("coffer: warning: DB_USER is not masked in the output: values shorter than 4 bytes would garble it\n");
    }

    @Test
    void readsKvVersion1OlderVersionsMountsOfSeveralSegmentsAndNonStringFields() throws IOException {
        root.write("kv1/ci/deploy", Map.of("key", "v1-deploy-key-value"));
        putV2("secret", "app/rotated", Map.of("token", "first-version-value"));
        putV2("secret", "app/rotated", Map.of("token", "second-version-value"));
        putV2("team/kv", "svc/api", Map.of("key", "team-api-key-value"));
        putV2("secret", "app/cfg", Map.of("port", 5432, "opts", Map.of("pool", 8), "tls", true));
        Path seen = dir.resolve("seen");
        Result r = run("-secret", "V1=coffer://kv1/ci/deploy#key",
                "-secret", "OLD=coffer://secret/app/rotated?version=1#token",
                "-secret", "OLD_TOO=coffer://secret/app/rotated#token?version=1",
                "-secret", "NEW=coffer://secret/app/rotated#token",
                "-secret", "TEAM=coffer://team/kv/svc/api#key",
                "-secret", "PORT=coffer://secret/app/cfg#port",
                "-secret", "OPTS=coffer://secret/app/cfg#opts",
                "-secret", "TLS=coffer://secret/app/cfg#tls",
                "--", "sh", "-c", "printf '%s\\n' \"$V1\" \"$OLD\" \"$OLD_TOO\" \"$NEW\" \"$TEAM\" \"$PORT\" \"$OPTS\" \"$TLS\" > " + sq(seen.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readAllLines(seen)).containsExactly("v1-deploy-key-value", "first-version-value", "first-version-value",
                "second-version-value", "team-api-key-value", "5432", "{\"pool\":8}", "true");
    }

    @Test
    void readsPathByPathWhereTheServerHasNoBatchReads() {
        root.write("kv1/ci/single", Map.of("key", "v1-single-value"));
        putV2("secret", "app/single", Map.of("a", "value-a-1234", "b", "value-b-1234"));
        putV2("team/kv", "svc/single", Map.of("key", "team-single-value"));
        List<Injection> refs = List.of(
                new Injection("A", SecretRef.parse("coffer://secret/app/single#a"), false, "test"),
                new Injection("B", SecretRef.parse("coffer://secret/app/single#b"), false, "test"),
                new Injection("V1", SecretRef.parse("coffer://kv1/ci/single#key"), false, "test"),
                new Injection("TEAM", SecretRef.parse("coffer://team/kv/svc/single#key"), false, "test"),
                new Injection("OLD", SecretRef.parse("coffer://secret/app/single?version=1#a"), false, "test"));
        Map<SecretRef, SecretValue> single = new Resolver(root, new Leases(), false).resolve(refs);
        Map<SecretRef, SecretValue> batched = new Resolver(root, new Leases(), true).resolve(refs);
        assertThat(single).isEqualTo(batched);
        assertThat(refs.stream().map(i -> single.get(i.ref()).text()).toList())
                .containsExactly("value-a-1234", "value-b-1234", "v1-single-value", "team-single-value", "value-a-1234");
    }

    @Test
    void writesFilesPrivatelyAndRemovesThemWhenTheCommandExits() throws IOException {
        putV2("secret", "app/tls", Map.of("key", "-----BEGIN TEST KEY-----\nline-one-of-the-key\n-----END TEST KEY-----\n"));
        Path copy = dir.resolve("copy");
        Result r = run("-secret-file", "TLS_KEY=coffer://secret/app/tls#key", "--", "sh", "-c",
                "echo \"$TLS_KEY\"; stat -c '%a' \"$(dirname \"$TLS_KEY\")\" \"$TLS_KEY\"; cp \"$TLS_KEY\" " + sq(copy.toString()));
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        Path file = Path.of(lines[0]);
        assertThat(file.getFileName()).hasToString("TLS_KEY");
        assertThat(file.getParent().getFileName().toString()).matches("coffer-run-" + ProcessHandle.current().pid() + "-\\d+-[0-9a-f]+");
        if (Files.isWritable(Path.of("/dev/shm"))) {
            assertThat(file.getParent().getParent()).isEqualTo(Path.of("/dev/shm"));
        }
        assertThat(lines[1]).isEqualTo("700");
        assertThat(lines[2]).isEqualTo("600");
        assertThat(Files.readString(copy)).isEqualTo("-----BEGIN TEST KEY-----\nline-one-of-the-key\n-----END TEST KEY-----\n");
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void filesAreGoneAfterTheCommandIsKilled() {
        putV2("secret", "app/killed", Map.of("key", "key-of-a-killed-command"));
        Result r = run("-secret-file", "KEY=coffer://secret/app/killed#key", "--", "sh", "-c", "echo \"$KEY\"; kill -9 $$");
        assertThat(r.code()).isEqualTo(137);
        Path file = Path.of(r.out().strip());
        assertThat(file.getParent().getFileName().toString()).startsWith("coffer-run-");
        assertThat(file).doesNotExist();
        assertThat(file.getParent()).doesNotExist();
    }

    @Test
    void exitCodesOfTheCommandAreCoffersAndSignalsAre128PlusN() {
        putV2("secret", "app/code", Map.of("v", "value-for-exit-codes"));
        String ref = "V=coffer://secret/app/code#v";
        assertThat(run("-secret", ref, "--", "sh", "-c", "exit 0").code()).isZero();
        assertThat(run("-secret", ref, "--", "sh", "-c", "exit 1").code()).isEqualTo(1);
        assertThat(run("-secret", ref, "--", "sh", "-c", "exit 42").code()).isEqualTo(42);
        assertThat(run("-secret", ref, "--", "sh", "-c", "kill -9 $$").code()).isEqualTo(137);
        assertThat(run("-secret", ref, "--", "sh", "-c", "kill -TERM $$").code()).isEqualTo(143);
    }

    @Test
    void optionsEndAtTheCommand() {
        Result r = run("sh", "-c", "echo \"$0 $1\"", "-secret", "--help");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("-secret --help\n");
    }

    @Test
    void aCommandThatCannotBeFoundIs127() {
        Result r = run("--", dir.resolve("no-such-command").toString());
        assertThat(r.code()).isEqualTo(127);
        assertThat(r.err()).startsWith("coffer: cannot run " + dir.resolve("no-such-command") + ": No such file or directory");
    }

    @Test
    void withoutReferencesNoServerIsAsked() throws IOException {
        Result r = runAt("http://127.0.0.1:" + closedPort(), "--", "sh", "-c", "echo ran");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("ran\n");
    }

    @Test
    void aMissingSecretOrFieldStartsNothingAndNamesTheReference() {
        putV2("secret", "app/present", Map.of("password", PASSWORD));
        Path marker = dir.resolve("started");
        Result r = run("-secret", "OK=coffer://secret/app/present#password",
                "-secret", "NO_FIELD=coffer://secret/app/present#pasword",
                "-secret", "NO_SECRET=coffer://secret/app/absent#password",
                "-secret-file", "NO_FILE=coffer://secret/app/absent#key",
                "--", "sh", "-c", "touch " + sq(marker.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("Error: cannot resolve 3 of 4 secret references; the command was not started:\n"
                + "  NO_FIELD (-secret): coffer://secret/app/present#pasword: the secret has no field 'pasword' (it has: password)\n"
                + "  NO_SECRET (-secret): coffer://secret/app/absent#password: no secret at secret/data/app/absent\n"
                + "  NO_FILE (-secret-file): coffer://secret/app/absent#key: no secret at secret/data/app/absent\n");
        assertThat(r.err()).doesNotContain(PASSWORD);
        assertNoRunDirectoryOfThisProcess();
    }

    @Test
    void aDeniedPathStartsNothing() throws IOException {
        putV2("secret", "app/allowed", Map.of("v", "allowed-value-1234"));
        putV2("secret", "other/denied", Map.of("v", "denied-value-1234"));
        root.write("sys/policies/acl/app-only", Map.of("policy", "path \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n"));
        Map<String, Object> created = root.write("auth/token/create", Map.of("policies", List.of("app-only")));
        useToken((String) ((Map<?, ?>) created.get("auth")).get("client_token"));
        Path marker = dir.resolve("started");
        Result r = run("-secret", "A=coffer://secret/app/allowed#v", "-secret", "D=coffer://secret/other/denied#v",
                "--", "sh", "-c", "touch " + sq(marker.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(r.err()).isEqualTo("Error: cannot resolve 1 of 2 secret references; the command was not started:\n"
                + "  D (-secret): coffer://secret/other/denied#v: permission denied (403)\n");

        Result allowed = run("-secret", "A=coffer://secret/app/allowed#v", "--", "sh", "-c", "touch " + sq(marker.toString()));
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(marker).exists();
    }

    @Test
    void anUnreachableServerStartsNothing() throws IOException {
        Path marker = dir.resolve("started");
        String addr = "http://127.0.0.1:" + closedPort();
        Result r = runAt(addr, "-secret", "A=coffer://secret/app/db#password", "-secret-file", "F=coffer://secret/app/tls#key",
                "--", "sh", "-c", "touch " + sq(marker.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(r.err()).startsWith("Error: cannot resolve 2 of 2 secret references; the command was not started:\n"
                + "  A (-secret): coffer://secret/app/db#password: cannot reach " + addr);
        assertThat(r.err()).contains("\n  F (-secret-file): coffer://secret/app/tls#key: cannot reach " + addr);
    }

    @Test
    void withoutATokenNothingIsAskedAndNothingStarted() {
        Assumptions.assumeTrue(System.getenv("COFFER_TOKEN") == null && System.getenv("VAULT_TOKEN") == null,
                "a token in the environment of the tests");
        System.setProperty("coffer.token.file", dir.resolve("absent-token-file").toString());
        Path marker = dir.resolve("started");
        Result r = run("-secret", "A=coffer://secret/app/db#password", "--", "sh", "-c", "touch " + sq(marker.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(r.err()).isEqualTo("Error: no token to read the secrets with: set COFFER_TOKEN (or VAULT_TOKEN), "
                + "or run coffer login; the command was not started\n");
    }

    @Test
    void aMalformedReferenceIsAUsageError() {
        Path marker = dir.resolve("started");
        Result r = run("-secret", "A=coffer://secret/app/db", "--", "sh", "-c", "touch " + sq(marker.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(r.err()).isEqualTo("Error: invalid secret reference coffer://secret/app/db: it names no field: add #<field>, "
                + "e.g. coffer://secret/app/db#password\n");
    }

    @Test
    void theConfigFileGivesSecretsPerEnvironmentAndFiles() throws IOException {
        putV2("secret", "cfg/common", Map.of("user", "common-user-name"));
        putV2("secret", "cfg/prod", Map.of("password", "production-password", "key", "production-tls-key"));
        putV2("secret", "cfg/staging", Map.of("password", "staging-password"));
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, """
                secrets:
                  DB_USER: coffer://secret/cfg/common#user
                  DB_PASSWORD: coffer://secret/cfg/staging#password
                environments:
                  production:
                    DB_PASSWORD: coffer://secret/cfg/prod#password
                    TLS_KEY: {ref: coffer://secret/cfg/prod#key, file: true}
                  staging: {}
                """);
        Path seen = dir.resolve("seen");
        String script = "printf '%s\\n' \"$DB_USER\" \"$DB_PASSWORD\" \"$(cat \"$TLS_KEY\" 2>/dev/null || echo no-file)\" > " + sq(seen.toString());
        Result prod = run("-config", config.toString(), "-env", "production", "--", "sh", "-c", script);
        assertThat(prod.code()).as(prod.err()).isZero();
        assertThat(Files.readAllLines(seen)).containsExactly("common-user-name", "production-password", "production-tls-key");

        Result staging = run("-config", config.toString(), "-env", "staging", "--", "sh", "-c", script);
        assertThat(staging.code()).as(staging.err()).isZero();
        assertThat(Files.readAllLines(seen)).containsExactly("common-user-name", "staging-password", "no-file");

        Result override = run("-config", config.toString(), "-env", "production",
                "-secret", "DB_PASSWORD=coffer://secret/cfg/staging#password", "--", "sh", "-c", script);
        assertThat(override.code()).as(override.err()).isZero();
        assertThat(Files.readAllLines(seen)).containsExactly("common-user-name", "staging-password", "production-tls-key");

        Result unknown = run("-config", config.toString(), "-env", "prod", "--", "sh", "-c", script);
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("Error: config file " + config + " has no environment 'prod' (it has: production, staging)\n");
    }

    @Test
    void aBadConfigFileStartsNothingAndSaysWhere() throws IOException {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                environments:
                  production:
                    TLS_KEY: {ref: coffer://secret/cfg/prod#key, flie: true}
                """);
        Path marker = dir.resolve("started");
        Result r = run("-config", config.toString(), "-env", "production", "--", "sh", "-c", "touch " + sq(marker.toString()));
        assertThat(r.code()).isEqualTo(2);
        assertThat(marker).doesNotExist();
        assertThat(r.err()).isEqualTo("Error: config file " + config
                + ", environments.production.TLS_KEY.flie: unknown key (expected ref, file)\n");

        Result missing = run("-config", dir.resolve("absent.yaml").toString(), "--", "true");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("Error: config file " + dir.resolve("absent.yaml") + " does not exist\n");
    }

    private void assertNoRunDirectoryOfThisProcess() {
        String prefix = SecretFiles.PREFIX + ProcessHandle.current().pid() + "-";
        for (Path base : List.of(Path.of("/dev/shm"), Path.of(System.getProperty("java.io.tmpdir")))) {
            if (Files.isDirectory(base)) {
                try (var s = Files.list(base)) {
                    assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix))).isEmpty();
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
