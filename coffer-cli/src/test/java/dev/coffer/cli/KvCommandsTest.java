package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code coffer kv ...} against a real server, checked as a Vault CLI user would read the output. */
class KvCommandsTest extends ServerHarness {

    @Test
    void putThenGetPrintsVaultsSectionsAndTheValues() {
        String put = ok("kv", "put", "secret/app/db", "user=app", "password=s3cr3t");
        assertThat(put).startsWith("=== Secret Path ===\nsecret/data/app/db\n\n======= Metadata =======\n")
                .containsPattern("version\\s+1\n");

        String get = ok("kv", "get", "secret/app/db");
        assertThat(get).contains("======= Metadata =======\nKey                Value\n---                -----\n")
                .containsPattern("custom_metadata    <nil>\n")
                .containsPattern("deletion_time      n/a\n")
                .contains("====== Data ======\nKey         Value\n---         -----\npassword    s3cr3t\nuser        app\n");
        assertThat(get.indexOf("Metadata")).isLessThan(get.indexOf("Data =="));
    }

    @Test
    void fieldPrintsOnlyTheValueWithOneNewline() {
        ok("kv", "put", "-mount=secret", "field/one", "password=p@ss word", "n=1");
        assertThat(ok("kv", "get", "-field=password", "secret/field/one")).isEqualTo("p@ss word\n");
        assertThat(ok("kv", "get", "-mount=secret", "-field", "n", "field/one")).isEqualTo("1\n");
        assertThat(ok("kv", "get", "-field=password", "-format=json", "secret/field/one")).isEqualTo("\"p@ss word\"\n");
        Result missing = run("kv", "get", "-field=nope", "secret/field/one");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("Field \"nope\" not present in secret");
    }

    @Test
    void jsonAndYamlPrintTheServersAnswer() {
        ok("kv", "put", "secret/fmt/x", "a=b");
        String json = ok("kv", "get", "-format=json", "secret/fmt/x");
        assertThat(json).startsWith("{\n  \"request_id\": ")
                .contains("  \"data\": {\n    \"data\": {\n      \"a\": \"b\"\n    },\n")
                .contains("\"version\": 1");
        String yaml = ok("kv", "get", "--format", "yaml", "secret/fmt/x");
        assertThat(yaml).contains("data:\n  data:\n    a: b\n  metadata:\n").contains("    version: 1\n");
    }

    @Test
    void aMissingSecretIsNoValueFoundAndExit2() {
        Result r = run("kv", "get", "secret/does/not/exist");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("No value found at secret/data/does/not/exist\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void checkAndSetRefusesAStaleWriteWithExit2AndTheServersError() {
        ok("kv", "put", "-cas=0", "secret/cas/x", "v=1");
        Result again = run("kv", "put", "-cas=0", "secret/cas/x", "v=2");
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).startsWith("Error writing data to secret/data/cas/x: Error making API request.")
                .contains("URL: PUT " + address + "/v1/secret/data/cas/x")
                .contains("Code: 400. Errors:")
                .contains("check-and-set");
        ok("kv", "put", "-cas=1", "secret/cas/x", "v=2");
        assertThat(ok("kv", "get", "-field=v", "secret/cas/x")).isEqualTo("2\n");
    }

    @Test
    void patchMergesAndRemovesKeysWithBothMethods() {
        ok("kv", "put", "secret/patch/x", "a=1", "b=2", "c=3");
        String patched = ok("kv", "patch", "-remove-data=c", "secret/patch/x", "b=20", "d=4");
        assertThat(patched).containsPattern("version\\s+2");
        assertThat(ok("kv", "get", "-format=json", "-field=data", "secret/patch/x"))
                .isEqualTo("{\n  \"a\": \"1\",\n  \"b\": \"20\",\n  \"d\": \"4\"\n}\n");
        ok("kv", "patch", "-method=rw", "secret/patch/x", "a=10");
        String get = ok("kv", "get", "secret/patch/x");
        assertThat(get).contains("a      10\n").contains("b      20\n").contains("d      4\n").containsPattern("version\\s+3");

        Result none = run("kv", "patch", "secret/patch/none", "a=1");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("Code: 404");
    }

    @Test
    void listShowsKeysAndFoldersAndAnEmptyFolderIsExit2() {
        ok("kv", "put", "secret/list/a", "x=1");
        ok("kv", "put", "secret/list/sub/b", "x=1");
        assertThat(ok("kv", "list", "secret/list")).isEqualTo("Keys\n----\na\nsub/\n");
        assertThat(ok("kv", "list", "-mount=secret", "list/")).isEqualTo("Keys\n----\na\nsub/\n");
        assertThat(ok("kv", "list", "-format=json", "secret/list")).isEqualTo("[\n  \"a\",\n  \"sub/\"\n]\n");
        Result empty = run("kv", "list", "secret/list/nothing");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).contains("No value found at secret/metadata/list/nothing");
    }

    @Test
    void deleteUndeleteAndDestroyVersions() {
        ok("kv", "put", "secret/life/x", "v=1");
        ok("kv", "put", "secret/life/x", "v=2");
        assertThat(ok("kv", "delete", "secret/life/x")).isEqualTo("Success! Data deleted (if it existed) at: secret/data/life/x\n");
        String deleted = ok("kv", "get", "secret/life/x");
        assertThat(deleted).contains("Metadata").doesNotContain("Data ==").containsPattern("deletion_time\\s+\\d{4}-");

        assertThat(ok("kv", "undelete", "-versions=2", "secret/life/x")).isEqualTo("Success! Data written to: secret/undelete/life/x\n");
        assertThat(ok("kv", "get", "-field=v", "secret/life/x")).isEqualTo("2\n");

        ok("kv", "delete", "-versions=1", "secret/life/x");
        assertThat(run("kv", "get", "-version=1", "-field=v", "secret/life/x").err()).contains("No data found at secret/data/life/x");
        assertThat(ok("kv", "destroy", "-versions", "1,2", "-mount=secret", "life/x")).isEqualTo("Success! Data written to: secret/destroy/life/x\n");
        assertThat(ok("kv", "metadata", "get", "-format=json", "secret/life/x")).contains("\"destroyed\": true");
    }

    @Test
    void metadataPutGetAndDelete() {
        ok("kv", "put", "secret/meta/x", "v=1");
        assertThat(ok("kv", "metadata", "put", "-max-versions=5", "-cas-required", "-custom-metadata=owner=team-a",
                "-delete-version-after=1h", "secret/meta/x")).isEqualTo("Success! Data written to: secret/metadata/meta/x\n");
        String md = ok("kv", "metadata", "get", "secret/meta/x");
        assertThat(md).startsWith("==== Metadata Path ====\nsecret/metadata/meta/x\n\n========== Metadata ==========\n")
                .contains("cas_required            true\n")
                .contains("custom_metadata         map[owner:team-a]\n")
                .contains("delete_version_after    1h0m0s\n")
                .contains("max_versions            5\n")
                .contains("====== Version 1 ======\n");
        ok("kv", "metadata", "patch", "-custom-metadata=env=prod", "secret/meta/x");
        assertThat(ok("kv", "metadata", "get", "-field=custom_metadata", "secret/meta/x")).isEqualTo("map[env:prod owner:team-a]\n");

        assertThat(ok("kv", "metadata", "delete", "secret/meta/x")).isEqualTo("Success! Data deleted (if it existed) at: secret/metadata/meta/x\n");
        assertThat(run("kv", "metadata", "get", "secret/meta/x").err()).contains("No value found at secret/metadata/meta/x");
    }

    @Test
    void rollbackWritesTheOldDataAsANewVersion() {
        ok("kv", "put", "secret/rb/x", "v=one");
        ok("kv", "put", "secret/rb/x", "v=two");
        String rolled = ok("kv", "rollback", "-version=1", "secret/rb/x");
        assertThat(rolled).contains("secret/data/rb/x").containsPattern("version\\s+3");
        assertThat(ok("kv", "get", "-field=v", "secret/rb/x")).isEqualTo("one\n");
        assertThat(ok("kv", "get", "-field=v", "-version=2", "secret/rb/x")).isEqualTo("two\n");

        Result noVersion = run("kv", "rollback", "secret/rb/x");
        assertThat(noVersion.code()).isEqualTo(2);
        assertThat(noVersion.err()).contains("Missing required option").contains("Usage:");
        assertThat(run("kv", "rollback", "-version=9", "secret/rb/x").err()).contains("No value found at secret/data/rb/x");
    }

    @Test
    void dataFromStdinAndFiles() throws Exception {
        Path cert = home.resolve("cert.pem");
        Files.writeString(cert, "-----BEGIN-----\nabc\n");
        Path json = home.resolve("data.json");
        Files.writeString(json, "{\"n\": 3, \"nested\": {\"k\": true}}");
        ok("kv", "put", "secret/files/x", "cert=@" + cert, "@" + json, "lit=\\@x");
        assertThat(ok("kv", "get", "-field=cert", "secret/files/x")).isEqualTo("-----BEGIN-----\nabc\n\n");
        assertThat(ok("kv", "get", "-field=nested", "secret/files/x")).isEqualTo("map[k:true]\n");
        assertThat(ok("kv", "get", "-field=lit", "secret/files/x")).isEqualTo("@x\n");
        assertThat(ok("kv", "get", "-format=json", "-field=n", "secret/files/x")).isEqualTo("3\n");

        Result r = runWithStdin("{\"from\": \"stdin\"}", "kv", "put", "secret/files/y", "-");
        assertThat(r.code()).isZero();
        assertThat(ok("kv", "get", "-field=from", "secret/files/y")).isEqualTo("stdin\n");
        assertThat(runWithStdin("s3cr3t", "kv", "put", "secret/files/z", "password=-").code()).isZero();
        assertThat(ok("kv", "get", "-field=password", "secret/files/z")).isEqualTo("s3cr3t\n");

        Result bad = run("kv", "put", "secret/files/w", "@" + home.resolve("missing.json"));
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("error reading file").contains("missing.json");
    }

    @Test
    void kvVersion1MountsUseThePathAsIs() {
        ok("secrets", "enable", "-path=legacy", "kv");
        assertThat(ok("kv", "put", "legacy/app", "a=b")).isEqualTo("Success! Data written to: legacy/app\n");
        assertThat(ok("kv", "get", "legacy/app")).isEqualTo("== Data ==\nKey    Value\n---    -----\na      b\n");
        assertThat(ok("kv", "get", "-mount=legacy", "-field=a", "app")).isEqualTo("b\n");
        assertThat(ok("kv", "list", "legacy")).isEqualTo("Keys\n----\napp\n");
        Result rollback = run("kv", "rollback", "-version=1", "legacy/app");
        assertThat(rollback.code()).isEqualTo(2);
        assertThat(rollback.err()).contains("K/V engine mount must be version 2 for rollback support");
        ok("kv", "delete", "legacy/app");
        assertThat(run("kv", "get", "legacy/app").err()).isEqualTo("No value found at legacy/app\n");
    }
}
