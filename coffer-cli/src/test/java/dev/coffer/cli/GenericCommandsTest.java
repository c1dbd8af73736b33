package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code coffer read|write|list|delete}: the low-level commands, on KV version 1 and system paths. */
class GenericCommandsTest extends ServerHarness {

    @Test
    void writeReadListDeleteRoundTrip() {
        ok("secrets", "enable", "-path=raw", "kv");
        assertThat(ok("write", "raw/app", "user=app", "tags=a", "tags=b")).isEqualTo("Success! Data written to: raw/app\n");
        assertThat(ok("read", "raw/app")).isEqualTo("Key     Value\n---     -----\ntags    [a b]\nuser    app\n");
        assertThat(ok("read", "-field=user", "/raw/app/")).isEqualTo("app\n");
        assertThat(ok("read", "-format=json", "raw/app")).contains("\"tags\": [\n      \"a\",\n      \"b\"\n    ]");
        assertThat(ok("list", "raw")).isEqualTo("Keys\n----\napp\n");
        assertThat(ok("list", "-format=json", "raw/")).isEqualTo("[\n  \"app\"\n]\n");
        assertThat(ok("delete", "raw/app")).isEqualTo("Success! Data deleted (if it existed) at: raw/app\n");

        Result gone = run("read", "raw/app");
        assertThat(gone.code()).isEqualTo(2);
        assertThat(gone.err()).isEqualTo("No value found at raw/app\n");
        Result empty = run("list", "raw");
        assertThat(empty.code()).isEqualTo(2);
        assertThat(empty.err()).isEqualTo("No value found at raw/\n");
    }

    @Test
    void readsKvVersion2DataThroughItsApiPath() {
        ok("kv", "put", "secret/generic/x", "k=v");
        String table = ok("read", "secret/data/generic/x");
        assertThat(table).contains("data        map[k:v]\n").contains("metadata    map[created_time:");
        assertThat(ok("list", "secret/metadata/generic")).isEqualTo("Keys\n----\nx\n");
    }

    @Test
    void writeNeedsDataOrForce() {
        Result r = run("write", "raw/x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Must supply data or use -force").contains("Usage: coffer write");
        Result bad = run("write", "raw/x", "novalue");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("Failed to parse K=V data").contains("novalue");
    }

    @Test
    void writeShowsTheAnswerOfEndpointsThatAnswer() {
        String created = ok("write", "-format=json", "auth/token/create", "policies=default", "ttl=1h");
        assertThat(created).contains("\"auth\": {").contains("\"client_token\": \"");
        assertThat(ok("write", "-field=token_policies", "auth/token/create", "policies=default")).isEqualTo("[default]\n");
    }

    @Test
    void refusedCallsAreExit2WithTheServersCode() {
        Result r = run("write", "sys/mounts/bad", "type=no-such-engine");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("Error writing data to sys/mounts/bad: Error making API request.")
                .contains("Code: 400. Errors:\n\n* ");
    }

    @Test
    void anUnreachableServerIsAnError() {
        Result r = runLocal("", "read", "secret/x", "-address=http://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Error reading secret/x: cannot reach http://127.0.0.1:1");
    }
}
