package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code coffer secrets enable|list|tune|disable}. */
class SecretsCommandsTest extends ServerHarness {

    @Test
    void enableListTuneAndDisable() {
        assertThat(ok("secrets", "enable", "-path=team", "-description=team secrets", "kv-v2"))
                .isEqualTo("Success! Enabled the kv-v2 secrets engine at: team/\n");
        assertThat(ok("secrets", "enable", "-version=2", "--path", "other/", "kv"))
                .isEqualTo("Success! Enabled the kv secrets engine at: other/\n");

        String list = ok("secrets", "list");
        assertThat(list).startsWith("Path          Type         Accessor             Description\n"
                + "----          ----         --------             -----------\n");
        assertThat(list).containsPattern("team/\\s+kv\\s+kv_\\w+\\s+team secrets\n")
                .containsPattern("other/\\s+kv\\s+kv_\\w+\\s+n/a\n")
                .containsPattern("secret/\\s+kv");
        assertThat(ok("secrets", "list", "-detailed")).contains("Default TTL").containsPattern("team/.*map\\[version:2\\]");
        assertThat(ok("secrets", "list", "-format=json")).contains("\"team/\": {").contains("\"type\": \"kv\"");

        ok("kv", "put", "-mount=other", "x", "a=b");
        assertThat(ok("kv", "get", "-field=a", "other/x")).isEqualTo("b\n");
        assertThat(ok("read", "-field=data", "other/data/x")).isEqualTo("map[a:b]\n");

        assertThat(ok("secrets", "tune", "-max-lease-ttl=72h", "-default-lease-ttl=1h", "-description=changed", "team"))
                .isEqualTo("Success! Tuned the secrets engine at: team/\n");
        String tuned = ok("read", "sys/mounts/team/tune");
        assertThat(tuned).contains("default_lease_ttl    1h\n").contains("max_lease_ttl        72h\n");
        assertThat(ok("secrets", "list")).containsPattern("team/\\s+kv\\s+kv_\\w+\\s+changed\n");

        assertThat(ok("secrets", "disable", "team")).isEqualTo("Success! Disabled the secrets engine (if it existed) at: team/\n");
        assertThat(ok("secrets", "list")).doesNotContain("team/");
    }

    @Test
    void badTtlIsAUsageError() {
        Result r = run("secrets", "tune", "-max-lease-ttl=forever", "secret");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("invalid duration 'forever'");
    }

    @Test
    void enablingATakenPathIsRefused() {
        Result r = run("secrets", "enable", "-path=secret", "kv");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Error enabling: Error making API request.").contains("Code: 400");
    }
}
