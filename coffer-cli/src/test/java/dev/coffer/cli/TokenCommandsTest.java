package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.client.CofferClient;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** {@code coffer token ...}: a child token's life, and what it is refused. */
class TokenCommandsTest extends ServerHarness {

    @Test
    void createPrintsTheTokenRowsAsVaultDoes() {
        String table = ok("token", "create", "-policy=default", "-ttl=1h", "-display-name=ci", "-metadata=pipeline=b42");
        assertThat(table).isEqualTo(String.join("\n",
                "Key                    Value",
                "---                    -----",
                "token                  " + tokenOf(table),
                "token_accessor         " + valueOf(table, "token_accessor"),
                "token_duration         1h",
                "token_renewable        true",
                "token_policies         [\"default\"]",
                "identity_policies      []",
                "policies               [\"default\"]",
                "token_meta_pipeline    b42",
                ""));
        assertThat(tokenOf(table)).matches("cfs_\\w{42}");
    }

    private static String tokenOf(String table) {
        return valueOf(table, "token");
    }

    private static String valueOf(String table, String key) {
        return table.lines().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow().substring(key.length()).strip();
    }

    @Test
    void childTokenLookupRenewRevokeThenRefused() {
        String child = childToken("-policy=default", "-ttl=1h");
        assertThat(child).startsWith("cfs_");

        String lookup = ok("token", "lookup", child);
        assertThat(lookup).containsPattern("policies\\s+\\[default\\]\n").containsPattern("creation_ttl\\s+1h\n")
                .containsPattern("ttl\\s+(59m\\d+s|1h)\n").containsPattern("orphan\\s+false\n");
        String accessor = ok("token", "lookup", "-field=accessor", child).strip();
        assertThat(ok("token", "lookup", "-accessor", accessor)).containsPattern("accessor\\s+" + accessor);

        ClientOptions.tokenForTests = child;
        assertThat(ok("token", "lookup", "-format=json")).contains("\"display_name\": \"token\"");
        assertThat(ok("token", "renew", "-increment=30m")).containsPattern("token_duration\\s+(30m|29m5\\ds)\n");

        Result refused = run("kv", "get", "secret/app/db");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("Code: 403");

        ClientOptions.tokenForTests = ROOT;
        assertThat(ok("token", "revoke", child)).isEqualTo("Success! Revoked token (if it existed)\n");
        ClientOptions.tokenForTests = child;
        Result revoked = run("token", "lookup");
        assertThat(revoked.code()).isEqualTo(2);
        assertThat(revoked.err()).startsWith("Error looking up token: Error making API request.").contains("Code: 403");
    }

    @Test
    void revokeByAccessorAndSelf() {
        String child = childToken("-policy=default");
        String accessor = ok("token", "lookup", "-field=accessor", child).strip();
        ok("token", "revoke", "-accessor", accessor);
        assertThat(run("token", "lookup", child).code()).isEqualTo(2);

        String other = childToken("-policy=default");
        ClientOptions.tokenForTests = other;
        assertThat(ok("token", "revoke", "-self")).isEqualTo("Success! Revoked token (if it existed)\n");
        assertThat(run("token", "lookup").err()).contains("Code: 403");
    }

    @Test
    void revokingAParentRevokesItsChildrenUnlessOrphanMode() {
        String parent = childToken("-policy=root");
        ClientOptions.tokenForTests = parent;
        String child = childToken("-policy=default");
        ClientOptions.tokenForTests = ROOT;
        ok("token", "revoke", "-mode=orphan", parent);
        assertThat(ok("token", "lookup", "-field=orphan", child)).isEqualTo("true\n");
        ok("token", "revoke", child);
    }

    @Test
    void badFlagCombinationsAreUsageErrors() {
        Result r = run("token", "revoke", "-self", "-accessor");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Cannot use -self with -accessor!").contains("Usage: coffer token revoke");
        assertThat(run("token", "revoke").err()).contains("Not enough arguments");
        assertThat(run("token", "create", "-ttl=soon").err()).contains("invalid duration 'soon'");
    }

    @Test
    void capabilitiesOfTheRootTokenAndOfAChild() {
        int probe = CofferClient.create(address, ROOT, null)
                .send("POST", "sys/capabilities-self", Map.of("paths", List.of("secret/data/x"))).status();
        assumeTrue(probe == 200, "the server does not serve sys/capabilities-self yet (" + probe + ")");
        assertThat(ok("token", "capabilities", "secret/data/x")).isEqualTo("root\n");
        assertThat(ok("token", "capabilities", "-format=json", "secret/data/x")).isEqualTo("[\n  \"root\"\n]\n");
        String child = childToken("-policy=default");
        assertThat(ok("token", "capabilities", child, "secret/data/x")).isEqualTo("deny\n");
    }
}
