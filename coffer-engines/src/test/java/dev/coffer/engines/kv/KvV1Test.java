package dev.coffer.engines.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Operation;
import dev.coffer.engines.TestCore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KvV1Test {
    @Test
    void theBodyIsTheSecret() {
        TestCore t = new TestCore();
        t.write("sys/mounts/kv", Map.of("type", "kv"));
        assertThat(t.read("sys/mounts/kv").data().get("options")).isEqualTo(Map.of("version", "1"));
        assertThat(t.write("kv/app/config", Map.of("user", "u", "port", 5432)).isEmpty()).isTrue();
        assertThat(t.read("kv/app/config").data()).isEqualTo(Map.of("user", "u", "port", 5432));
        assertThat(t.root(Operation.LIST, "kv/app", Map.of()).data().get("keys")).isEqualTo(List.of("config"));
        t.root(Operation.DELETE, "kv/app/config", Map.of());
        assertThat(t.failure(() -> t.read("kv/app/config")).kind()).isEqualTo(CofferException.Kind.NOT_FOUND);
        assertThat(t.failure(() -> t.write("kv/app/", Map.of("a", "b"))).kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
    }

    @Test
    void cubbyholeIsPrivateToEachTokenAndGoesWithIt() {
        TestCore t = new TestCore();
        String other = t.write("auth/token/create", Map.of("policies", List.of("default"))).auth().clientToken();
        t.write("cubbyhole/note", Map.of("v", "root's"));
        assertThat(t.failure(() -> t.call(other, Operation.READ, "cubbyhole/note", Map.of())).kind())
                .isIn(CofferException.Kind.NOT_FOUND, CofferException.Kind.PERMISSION_DENIED);
        assertThat(t.read("cubbyhole/note").data()).containsEntry("v", "root's");
    }
}
