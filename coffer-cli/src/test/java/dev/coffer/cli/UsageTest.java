package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad command lines: exit code 2 with the message and the command's usage, and no call made. */
class UsageTest extends ServerHarness {

    @Test
    void missingArgumentsAreExit2WithUsage() {
        for (String[] args : new String[][] {{"kv", "get"}, {"kv", "put"}, {"read"}, {"policy", "write", "x"},
                {"secrets", "enable"}, {"kv", "undelete", "secret/x"}}) {
            Result r = run(args);
            assertThat(r.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", args)).containsPattern("Missing required (parameter|option)").contains("Usage: coffer ");
        }
        Result put = run("kv", "put", "secret/x");
        assertThat(put.code()).isEqualTo(2);
        assertThat(put.err()).contains("Must supply data");
    }

    @Test
    void aNounAloneListsItsVerbs() {
        Result r = runLocal("", "kv");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required subcommand").contains("get").contains("rollback");
    }

    @Test
    void unknownFormatOrOptionIsExit2() {
        Result format = run("kv", "get", "-format=xml", "secret/x");
        assertThat(format.code()).isEqualTo(2);
        assertThat(format.err()).contains("Invalid output format: xml");
        Result option = run("kv", "get", "-bogus", "secret/x");
        assertThat(option.code()).isEqualTo(2);
        assertThat(option.err()).contains("Unknown option: '-bogus'");
    }

    @Test
    void helpReadsLikeTheManualAndExits0() {
        Result r = runLocal("", "kv", "put", "-help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: coffer kv put").contains("-cas").contains("Check-and-set").contains("Examples:");
        assertThat(runLocal("", "token", "create", "--help").out()).contains("-explicit-max-ttl").contains("-orphan");
        assertThat(runLocal("", "--help").out()).contains("kv").contains("secrets").contains("policy").contains("login");
    }
}
