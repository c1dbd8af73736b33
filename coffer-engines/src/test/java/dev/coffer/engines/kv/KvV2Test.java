package dev.coffer.engines.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Response;
import dev.coffer.engines.TestCore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KV v2 through a real core, as Vault's API docs describe it. */
class KvV2Test {
    private TestCore t;

    @BeforeEach
    void mount() {
        t = new TestCore();
        t.write("sys/mounts/secret", Map.of("type", "kv", "options", Map.of("version", "2")));
    }

    private Response put(String path, Map<String, Object> data) {
        return t.write("secret/data/" + path, Map.of("data", data));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Response r) {
        return (Map<String, Object>) r.data().get("data");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> meta(Response r) {
        return (Map<String, Object>) r.data().get("metadata");
    }

    @Test
    void writesVersionsAndReadsLatestOrAGivenOne() {
        assertThat(put("app/db", Map.of("password", "one")).data()).containsEntry("version", 1)
                .containsEntry("deletion_time", "").containsEntry("destroyed", false).containsKey("created_time");
        put("app/db", Map.of("password", "two"));
        Response latest = t.read("secret/data/app/db");
        assertThat(data(latest)).containsEntry("password", "two");
        assertThat(meta(latest)).containsEntry("version", 2);
        Response v1 = t.root(Operation.READ, "secret/data/app/db", Map.of("version", "1"));
        assertThat(data(v1)).containsEntry("password", "one");
        assertThat(t.failure(() -> t.root(Operation.READ, "secret/data/app/db", Map.of("version", "3"))).kind())
                .isEqualTo(CofferException.Kind.NOT_FOUND);
        assertThat(t.failure(() -> t.read("secret/data/nope")).kind()).isEqualTo(CofferException.Kind.NOT_FOUND);
    }

    @Test
    void softDeleteUndeleteAndDestroy() {
        put("x", Map.of("k", "v1"));
        put("x", Map.of("k", "v2"));
        t.root(Operation.DELETE, "secret/data/x", Map.of());
        Response deleted = t.read("secret/data/x");
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.data()).containsEntry("data", null);
        assertThat((String) meta(deleted).get("deletion_time")).isNotEmpty();

        t.write("secret/undelete/x", Map.of("versions", List.of(2)));
        assertThat(data(t.read("secret/data/x"))).containsEntry("k", "v2");

        t.write("secret/delete/x", Map.of("versions", List.of(1)));
        assertThat(t.root(Operation.READ, "secret/data/x", Map.of("version", "1")).status()).isEqualTo(404);

        t.write("secret/destroy/x", Map.of("versions", List.of(2)));
        Response destroyed = t.read("secret/data/x");
        assertThat(destroyed.status()).isEqualTo(404);
        assertThat(meta(destroyed)).containsEntry("destroyed", true);
        t.write("secret/undelete/x", Map.of("versions", List.of(2)));
        assertThat(t.read("secret/data/x").status()).as("a destroyed version stays gone").isEqualTo(404);

        t.root(Operation.DELETE, "secret/metadata/x", Map.of());
        assertThat(t.failure(() -> t.read("secret/metadata/x")).kind()).isEqualTo(CofferException.Kind.NOT_FOUND);
    }

    @Test
    void checkAndSet() {
        Map<String, Object> first = Map.of("data", Map.of("a", "1"), "options", Map.of("cas", 0));
        assertThat(t.write("secret/data/c", first).data()).containsEntry("version", 1);
        assertThat(t.failure(() -> t.write("secret/data/c", first)).getMessage())
                .isEqualTo("check-and-set parameter did not match the current version");
        t.write("secret/data/c", Map.of("data", Map.of("a", "2"), "options", Map.of("cas", 1)));

        t.write("secret/metadata/c", Map.of("cas_required", true));
        CofferException e = t.failure(() -> put("c", Map.of("a", "3")));
        assertThat(e.getMessage()).isEqualTo("check-and-set parameter required for this call");
        assertThat(meta(t.read("secret/data/c"))).containsEntry("version", 2);

        t.write("secret/config", Map.of("cas_required", true));
        assertThat(t.failure(() -> put("other", Map.of("a", "1"))).kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
    }

    @Test
    void maxVersionsPrunesTheOldest() {
        t.write("secret/metadata/m", Map.of("max_versions", 2));
        for (int i = 1; i <= 4; i++) {
            put("m", Map.of("i", String.valueOf(i)));
        }
        Map<String, Object> md = t.read("secret/metadata/m").data();
        assertThat(md).containsEntry("current_version", 4).containsEntry("oldest_version", 3).containsEntry("max_versions", 2);
        assertThat(new java.util.TreeSet<Object>(((Map<?, ?>) md.get("versions")).keySet())).containsExactly("3", "4");
        assertThat(t.failure(() -> t.root(Operation.READ, "secret/data/m", Map.of("version", "1"))).kind())
                .isEqualTo(CofferException.Kind.NOT_FOUND);
    }

    @Test
    void mountDefaultKeepsTenVersions() {
        for (int i = 1; i <= 12; i++) {
            put("ten", Map.of("i", String.valueOf(i)));
        }
        assertThat((Map<?, ?>) t.read("secret/metadata/ten").data().get("versions")).hasSize(10);
    }

    @Test
    void deleteVersionAfterUsesTheInjectedClock() {
        t.write("secret/metadata/tmp", Map.of("delete_version_after", "1h"));
        put("tmp", Map.of("k", "v"));
        assertThat(t.read("secret/data/tmp").status()).isZero();
        t.clock.advance(Duration.ofMinutes(61));
        assertThat(t.read("secret/data/tmp").status()).isEqualTo(404);
        assertThat(t.read("secret/metadata/tmp").data()).containsEntry("delete_version_after", "1h0m0s");
    }

    @Test
    void patchMergesAsJsonMergePatch() {
        put("p", Map.of("a", "1", "b", "2", "nested", Map.of("x", "1", "y", "2")));
        Map<String, Object> patch = new HashMap<>();
        patch.put("b", null);
        patch.put("c", "3");
        patch.put("nested", Map.of("y", "22"));
        Response r = t.root(Operation.PATCH, "secret/data/p", Map.of("data", patch));
        assertThat(r.data()).containsEntry("version", 2);
        assertThat(data(t.read("secret/data/p"))).containsEntry("a", "1").doesNotContainKey("b").containsEntry("c", "3")
                .containsEntry("nested", Map.of("x", "1", "y", "22"));
        assertThat(t.failure(() -> t.root(Operation.PATCH, "secret/data/missing", Map.of("data", Map.of("a", "1")))).kind())
                .isEqualTo(CofferException.Kind.NOT_FOUND);
    }

    @Test
    void listsOneLevelAndRecursivelyWithPages() {
        for (String p : List.of("a/one", "a/two", "a/deep/three", "b", "c/four")) {
            put(p, Map.of("k", "v"));
        }
        assertThat(t.root(Operation.LIST, "secret/metadata/", Map.of()).data().get("keys")).isEqualTo(List.of("a/", "b", "c/"));
        assertThat(t.root(Operation.LIST, "secret/metadata/a", Map.of()).data().get("keys")).isEqualTo(List.of("deep/", "one", "two"));
        assertThat(t.failure(() -> t.root(Operation.LIST, "secret/metadata/zzz/", Map.of())).getMessage()).isEmpty();

        Response p1 = t.root(Operation.LIST, "secret/metadata/", Map.of("recursive", "true", "page_size", "3"));
        assertThat(p1.data().get("keys")).isEqualTo(List.of("a/deep/three", "a/one", "a/two"));
        assertThat(p1.data()).containsEntry("next", "a/two");
        Response p2 = t.root(Operation.LIST, "secret/metadata/", Map.of("recursive", "true", "page_size", "3", "after", "a/two"));
        assertThat(p2.data().get("keys")).isEqualTo(List.of("b", "c/four"));
        assertThat(p2.data()).doesNotContainKey("next");
    }

    @Test
    void metadataAndCustomMetadata() {
        t.write("secret/metadata/cm", Map.of("custom_metadata", Map.of("owner", "team-a")));
        put("cm", Map.of("k", "v"));
        assertThat(meta(t.read("secret/data/cm"))).containsEntry("custom_metadata", Map.of("owner", "team-a"));
        Map<String, Object> patch = new HashMap<>();
        patch.put("owner", null);
        patch.put("tier", "1");
        t.root(Operation.PATCH, "secret/metadata/cm", Map.of("custom_metadata", patch));
        assertThat(t.read("secret/metadata/cm").data()).containsEntry("custom_metadata", Map.of("tier", "1"));
        assertThat(t.failure(() -> t.write("secret/metadata/cm", Map.of("custom_metadata", Map.of("k", 1)))).getMessage())
                .contains("must be a string");
    }

    @Test
    void subkeysShowStructureWithoutValues() {
        put("s", Map.of("a", "1", "nested", Map.of("b", "2", "deeper", Map.of("c", "3"))));
        Map<String, Object> sk = t.read("secret/subkeys/s").data();
        Map<String, Object> expected = new HashMap<>();
        expected.put("a", null);
        Map<String, Object> nested = new HashMap<>();
        nested.put("b", null);
        Map<String, Object> deeper = new HashMap<>();
        deeper.put("c", null);
        nested.put("deeper", deeper);
        expected.put("nested", nested);
        assertThat(sk.get("subkeys")).isEqualTo(expected);
        assertThat(sk.get("subkeys").toString()).doesNotContain("=1").doesNotContain("=2");
    }

    @Test
    void badInputIsRefusedAndChangesNothing() {
        put("bad", Map.of("k", "v"));
        assertThat(t.failure(() -> t.write("secret/data/bad", Map.of("data", "not a map"))).getMessage())
                .isEqualTo("field 'data' must be an object");
        assertThat(t.failure(() -> t.write("secret/data/bad", Map.of("dta", Map.of()))).getMessage()).isEqualTo("unknown field: dta");
        assertThat(t.failure(() -> t.write("secret/data/bad", Map.of())).getMessage()).isEqualTo("no data provided");
        assertThat(t.failure(() -> t.write("secret/data/a/../b", Map.of("data", Map.of("k", "v")))).kind())
                .isEqualTo(CofferException.Kind.INVALID_REQUEST);
        assertThat(t.failure(() -> t.write("secret/data/bad", Map.of("data", Map.of("k", "v"), "options", Map.of("cas", "x")))).getMessage())
                .contains("options.cas");
        String big = "x".repeat(1024 * 1024);
        assertThat(t.failure(() -> put("bad", Map.of("k", big))).kind()).isEqualTo(CofferException.Kind.PAYLOAD_TOO_LARGE);
        assertThat(t.failure(() -> t.read("secret/bad")).getMessage()).startsWith("Invalid path for a versioned K/V");
        assertThat(meta(t.read("secret/data/bad"))).containsEntry("version", 1);
    }

    @Test
    void disablingTheMountRemovesItsData() {
        put("gone", Map.of("k", "v"));
        t.root(Operation.DELETE, "sys/mounts/secret", Map.of());
        assertThat(t.failure(() -> t.read("secret/data/gone")).kind()).isEqualTo(CofferException.Kind.NOT_FOUND);
        t.write("sys/mounts/secret", Map.of("type", "kv", "options", Map.of("version", "2")));
        assertThat(t.failure(() -> t.read("secret/data/gone")).kind()).isEqualTo(CofferException.Kind.NOT_FOUND);
    }
}
