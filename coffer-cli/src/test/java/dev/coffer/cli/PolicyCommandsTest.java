package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.client.CofferClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code coffer policy ...}: fmt needs no server; the others use sys/policies/acl. */
class PolicyCommandsTest extends ServerHarness {

    @Test
    void fmtRewritesTheFileCanonicallyKeepingComments() throws Exception {
        Path f = home.resolve("app.hcl");
        Files.writeString(f, """
                # Read-only access for the app
                path "secret/data/app/*" {capabilities=["read","list"]}
                path "secret/metadata/app/*"   {
                    capabilities = [ "list" ]   # listing only
                    max_wrapping_ttl="1h"
                }
                """);
        Result r = runLocal("", "policy", "fmt", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("Success! Formatted policy: " + f + "\n");
        assertThat(Files.readString(f)).isEqualTo("""
                # Read-only access for the app
                path "secret/data/app/*" {
                  capabilities = ["read", "list"]
                }

                path "secret/metadata/app/*" {
                  capabilities     = ["list"] # listing only
                  max_wrapping_ttl = "1h"
                }
                """);
    }

    @Test
    void fmtOfAnInvalidPolicyNamesTheLineAndLeavesTheFile() throws Exception {
        Path f = home.resolve("bad.hcl");
        String text = "path \"secret/*\" {\n  capabilities = [\"read\" \"list\"]\n}\n";
        Files.writeString(f, text);
        Result r = runLocal("", "policy", "fmt", f.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("line 2, column 26").contains("expected ',' or ']'");
        assertThat(Files.readString(f)).isEqualTo(text);

        Files.writeString(f, "path \"secret/*\" { capabilities = [\"raed\"] }\n");
        assertThat(runLocal("", "policy", "fmt", f.toString()).err()).contains("invalid capability \"raed\"");
        assertThat(runLocal("", "policy", "fmt", home.resolve("none.hcl").toString()).err()).contains("Error opening policy file");
    }

    @Test
    void writeReadListDelete() throws Exception {
        int probe = CofferClient.create(address, ROOT, null).send("PUT", "sys/policies/acl/probe",
                Map.of("policy", "path \"x/*\" { capabilities = [\"read\"] }")).status();
        assumeTrue(probe == 204 || probe == 200, "the server does not serve sys/policies/acl yet (" + probe + ")");

        Path f = home.resolve("app.hcl");
        Files.writeString(f, "path \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n");
        assertThat(ok("policy", "write", "App-Read", f.toString())).isEqualTo("Success! Uploaded policy: app-read\n");
        assertThat(ok("policy", "list")).contains("app-read\n");
        assertThat(ok("policy", "read", "app-read")).isEqualTo("path \"secret/data/app/*\" {\n  capabilities = [\"read\"]\n}\n");
        assertThat(ok("policy", "read", "-format=json", "app-read")).startsWith("{\n  \"policy\": \"path");

        Result fromStdin = runWithStdin("path \"secret/data/ci/*\" { capabilities = [\"read\"] }", "policy", "write", "ci", "-");
        assertThat(fromStdin.code()).isZero();

        String token = childToken("-policy=app-read", "-no-default-policy");
        ok("kv", "put", "secret/app/db", "password=s3cr3t");
        ClientOptions.tokenForTests = token;
        assertThat(ok("kv", "get", "-field=password", "secret/app/db")).isEqualTo("s3cr3t\n");
        assertThat(run("kv", "put", "secret/app/db", "password=x").err()).contains("Code: 403");
        ClientOptions.tokenForTests = ROOT;

        assertThat(ok("policy", "delete", "app-read")).isEqualTo("Success! Deleted policy: app-read\n");
        Result gone = run("policy", "read", "app-read");
        assertThat(gone.code()).isEqualTo(2);
        assertThat(gone.err()).isEqualTo("No policy named: app-read\n");
    }
}
