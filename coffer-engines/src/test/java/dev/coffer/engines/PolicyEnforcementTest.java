package dev.coffer.engines;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Operation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A token with a narrow policy reaches what it grants and nothing else. */
class PolicyEnforcementTest {
    private TestCore t;
    private String app;

    @BeforeEach
    void setUp() {
        t = new TestCore();
        t.write("sys/mounts/secret", Map.of("type", "kv", "options", Map.of("version", "2")));
        t.write("secret/data/app/db", Map.of("data", Map.of("password", "made-up-pw-1")));
        t.write("secret/data/other/db", Map.of("data", Map.of("password", "made-up-pw-2")));
        t.write("sys/policies/acl/app-read", Map.of("policy", """
                path "secret/data/app/*" {
                  capabilities = ["read"]
                }
                path "secret/metadata/app/*" {
                  capabilities = ["list"]
                }
                """));
        app = t.write("auth/token/create", Map.of("policies", List.of("app-read"))).auth().clientToken();
    }

    private CofferException.Kind refused(Operation op, String path, Map<String, Object> data) {
        return t.failure(() -> t.call(app, op, path, data)).kind();
    }

    @Test
    void readsWhatItsPolicyGrants() {
        assertThat(t.call(app, Operation.READ, "secret/data/app/db", Map.of()).data().get("data"))
                .isEqualTo(Map.of("password", "made-up-pw-1"));
        assertThat(t.call(app, Operation.LIST, "secret/metadata/app/", Map.of()).data().get("keys")).isEqualTo(List.of("db"));
    }

    @Test
    void everythingElseIsPermissionDenied() {
        assertThat(refused(Operation.UPDATE, "secret/data/app/db", Map.of("data", Map.of("x", "y"))))
                .isEqualTo(CofferException.Kind.PERMISSION_DENIED);
        assertThat(refused(Operation.READ, "secret/data/other/db", Map.of())).isEqualTo(CofferException.Kind.PERMISSION_DENIED);
        assertThat(refused(Operation.DELETE, "secret/metadata/app/db", Map.of())).isEqualTo(CofferException.Kind.PERMISSION_DENIED);
        assertThat(refused(Operation.READ, "sys/mounts", Map.of())).isEqualTo(CofferException.Kind.PERMISSION_DENIED);
        assertThat(refused(Operation.UPDATE, "sys/seal", Map.of())).isEqualTo(CofferException.Kind.PERMISSION_DENIED);
        assertThat(refused(Operation.READ, "nowhere/at/all", Map.of())).as("403 before revealing the path does not exist")
                .isEqualTo(CofferException.Kind.PERMISSION_DENIED);
        assertThat(refused(Operation.READ, "secret/data/app/../other/db", Map.of())).isEqualTo(CofferException.Kind.INVALID_REQUEST);
        assertThat(refused(Operation.READ, "Secret/data/app/db", Map.of())).isEqualTo(CofferException.Kind.PERMISSION_DENIED);
    }

    @Test
    void theDefaultPolicyGivesSelfServiceAndACubbyhole() {
        assertThat(t.call(app, Operation.READ, "auth/token/lookup-self", Map.of()).data().get("policies"))
                .isEqualTo(List.of("app-read", "default"));
        t.call(app, Operation.UPDATE, "cubbyhole/note", Map.of("k", "v"));
        assertThat(t.call(app, Operation.READ, "cubbyhole/note", Map.of()).data()).isEqualTo(Map.of("k", "v"));
        assertThat(t.failure(() -> t.read("cubbyhole/note")).kind()).as("root's cubbyhole is another one")
                .isEqualTo(CofferException.Kind.NOT_FOUND);
    }

    @Test
    void capabilitiesAndThePreflightEndpointsAnswerForTheToken() {
        Map<String, Object> caps = t.call(app, Operation.UPDATE, "sys/capabilities-self",
                Map.of("paths", List.of("secret/data/app/db"))).data();
        assertThat(caps.get("capabilities")).isEqualTo(List.of("read"));
        assertThat(t.call(app, Operation.UPDATE, "sys/capabilities-self", Map.of("paths", List.of("secret/data/x"))).data()
                .get("capabilities")).isEqualTo(List.of("deny"));
        assertThat(t.call(app, Operation.READ, "sys/internal/ui/mounts/secret/app/db", Map.of()).data())
                .containsEntry("type", "kv").containsEntry("options", Map.of("version", "2"));
        assertThat(t.failure(() -> t.call(app, Operation.READ, "sys/internal/ui/mounts/cubbyholex/a", Map.of())).kind())
                .isEqualTo(CofferException.Kind.PERMISSION_DENIED);
    }

    @Test
    void policiesCanBeListedReadAndDeletedButNotTheBuiltIns() {
        assertThat(t.read("sys/policy").data().get("policies")).isEqualTo(List.of("app-read", "default", "root"));
        assertThat((String) t.read("sys/policies/acl/app-read").data().get("policy")).contains("secret/data/app/*");
        assertThat(t.failure(() -> t.root(Operation.DELETE, "sys/policies/acl/default", Map.of())).getMessage())
                .contains("cannot delete");
        assertThat(t.failure(() -> t.write("sys/policies/acl/root", Map.of("policy", "path \"x\" {\n capabilities=[\"read\"]\n}"))).kind())
                .isEqualTo(CofferException.Kind.INVALID_REQUEST);
        assertThat(t.failure(() -> t.write("sys/policies/acl/bad", Map.of("policy", "path \"x\" {\n capabilities=[\"fly\"]\n}"))).getMessage())
                .contains("fly");
        t.root(Operation.DELETE, "sys/policies/acl/app-read", Map.of());
        assertThat(t.failure(() -> t.call(app, Operation.READ, "secret/data/app/db", Map.of())).kind())
                .as("a deleted policy grants nothing at once").isEqualTo(CofferException.Kind.PERMISSION_DENIED);
    }
}
