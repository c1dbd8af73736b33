package dev.coffer.auth.approle;

import static dev.coffer.auth.LoginHarness.ELSEWHERE;
import static dev.coffer.auth.LoginHarness.HOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.auth.LoginHarness;
import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AppRole through a real core: roles, secret ids and every way a login is refused. */
class AppRoleTest {
    private LoginHarness h;

    @BeforeEach
    void setUp() {
        h = new LoginHarness();
        h.enable("approle", "approle");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void role(String name, Map<String, Object> fields) {
        h.asRoot(Operation.UPDATE, "auth/approle/role/" + name, fields);
    }

    private String roleId(String name) {
        return (String) h.asRoot(Operation.READ, "auth/approle/role/" + name + "/role-id", Map.of()).data().get("role_id");
    }

    private Map<String, Object> secretId(String role, Map<String, Object> fields) {
        return h.asRoot(Operation.UPDATE, "auth/approle/role/" + role + "/secret-id", fields).data();
    }

    private Auth login(String roleId, String secretId, ClientInfo from) {
        Map<String, Object> body = new HashMap<>();
        body.put("role_id", roleId);
        if (secretId != null) {
            body.put("secret_id", secretId);
        }
        return h.login("auth/approle/login", body, from);
    }

    private void refused(String roleId, String secretId, ClientInfo from, String message) {
        assertThatThrownBy(() -> login(roleId, secretId, from)).isInstanceOf(CofferException.class)
                .hasMessage(message);
    }

    @Test
    void aSecretIdLogsInWithTheRolesTokenFieldsAndItsMetadata() {
        role("ci", Map.of("token_policies", "deploy,read", "token_ttl", "20m", "token_max_ttl", "1h",
                "secret_id_ttl", "10m", "secret_id_num_uses", 3));
        Map<String, Object> read = h.asRoot(Operation.READ, "auth/approle/role/ci", Map.of()).data();
        assertThat(read).containsEntry("bind_secret_id", true).containsEntry("secret_id_num_uses", 3)
                .containsEntry("secret_id_ttl", 600L).containsEntry("token_ttl", 1200L)
                .containsEntry("token_policies", List.of("deploy", "read")).doesNotContainKey("role_id");
        assertThat(h.asRoot(Operation.LIST, "auth/approle/role", Map.of()).data()).containsEntry("keys", List.of("ci"));

        Map<String, Object> sid = secretId("ci", Map.of("metadata", "{\"team\":\"payments\"}"));
        assertThat(sid).containsKeys("secret_id", "secret_id_accessor").containsEntry("secret_id_ttl", 600L)
                .containsEntry("secret_id_num_uses", 3);
        assertThat((String) sid.get("secret_id")).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

        Auth a = login(roleId("ci"), (String) sid.get("secret_id"), HOME);
        assertThat(a.policies()).containsExactly("default", "deploy", "read");
        assertThat(a.leaseDuration()).isEqualTo(1200);
        assertThat(a.metadata()).containsEntry("role_name", "ci").containsEntry("team", "payments");
        assertThat(h.lookupSelf(a.clientToken())).containsEntry("display_name", "approle-ci");

        Map<String, Object> looked = h.asRoot(Operation.UPDATE, "auth/approle/role/ci/secret-id/lookup",
                Map.of("secret_id", sid.get("secret_id"))).data();
        assertThat(looked).containsEntry("secret_id_num_uses", 2).containsEntry("secret_id_accessor", sid.get("secret_id_accessor"))
                .containsEntry("metadata", Map.of("team", "payments")).doesNotContainKey("secret_id");
    }

    @Test
    void aSecretIdPastItsUsesIsRefusedAndIssuesNoToken() {
        role("ci", Map.of("secret_id_num_uses", 1));
        String id = (String) secretId("ci", Map.of()).get("secret_id");
        assertThat(login(roleId("ci"), id, HOME).clientToken()).isNotEmpty();
        refused(roleId("ci"), id, HOME, AppRoleBackend.INVALID);
        assertThatThrownBy(() -> h.asRoot(Operation.LIST, "auth/approle/role/ci/secret-id", Map.of()))
                .hasFieldOrPropertyWithValue("kind", CofferException.Kind.NOT_FOUND);
    }

    @Test
    void anExpiredSecretIdIsRefusedAndDeleted() {
        role("ci", Map.of("secret_id_ttl", "1m"));
        String id = (String) secretId("ci", Map.of()).get("secret_id");
        h.clock.advance(Duration.ofSeconds(60));
        refused(roleId("ci"), id, HOME, AppRoleBackend.INVALID);
        assertThatThrownBy(() -> h.asRoot(Operation.UPDATE, "auth/approle/role/ci/secret-id/lookup",
                Map.of("secret_id", id))).hasFieldOrPropertyWithValue("kind", CofferException.Kind.NOT_FOUND);
    }

    @Test
    void aSecretIdOfAnotherRoleOrAnUnknownRoleIdIsRefused() {
        role("a", Map.of());
        role("b", Map.of());
        String idOfB = (String) secretId("b", Map.of()).get("secret_id");
        refused(roleId("a"), idOfB, HOME, AppRoleBackend.INVALID);
        refused("no-such-role-id", idOfB, HOME, AppRoleBackend.INVALID);
        refused(roleId("a"), "made-up", HOME, AppRoleBackend.INVALID);
        assertThatThrownBy(() -> login(roleId("a"), null, HOME)).hasMessage("missing secret_id");
        assertThatThrownBy(() -> login("", "x", HOME)).hasMessage("missing role_id");
        // The secret id of b still works for b: a refusal elsewhere spent nothing.
        assertThat(login(roleId("b"), idOfB, HOME).clientToken()).isNotEmpty();
    }

    @Test
    void boundCidrsOfTheRoleAndOfTheSecretIdAreEnforced() {
        role("ci", Map.of("secret_id_bound_cidrs", "10.0.0.0/8", "token_bound_cidrs", "10.0.0.0/8"));
        String id = (String) secretId("ci", Map.of("cidr_list", "10.1.0.0/16", "num_uses", 1)).get("secret_id");
        assertThatThrownBy(() -> login(roleId("ci"), id, ELSEWHERE))
                .hasMessageContaining("unauthorized through CIDR restrictions on the role");
        refusedContaining(roleId("ci"), id, new ClientInfo("10.2.0.1", 1), "CIDR restrictions on the secret ID");
        Auth a = login(roleId("ci"), id, HOME);
        assertThatThrownBy(() -> h.call(a.clientToken(), Operation.READ, "auth/token/lookup-self", Map.of(), ELSEWHERE))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> secretId("ci", Map.of("cidr_list", "192.168.0.0/16")))
                .hasMessageContaining("cidr_list").hasMessageContaining("not within the role's blocks");
        assertThatThrownBy(() -> secretId("ci", Map.of("cidr_list", "10.0.0.0/99"))).hasMessageContaining("prefix length");
    }

    private void refusedContaining(String roleId, String secretId, ClientInfo from, String part) {
        assertThatThrownBy(() -> login(roleId, secretId, from)).hasMessageContaining(part);
    }

    @Test
    void repeatedFailuresLockTheRoleIdOutWithTheSameAnswerUntilUnlocked() {
        role("ci", Map.of());
        String rid = roleId("ci");
        String good = (String) secretId("ci", Map.of()).get("secret_id");
        for (int i = 0; i < 5; i++) {
            refused(rid, "wrong-" + i, HOME, AppRoleBackend.INVALID);
        }
        refused(rid, good, HOME, AppRoleBackend.INVALID);
        Map<String, Object> locked = h.asRoot(Operation.READ, "sys/locked-users", Map.of()).data();
        assertThat(locked).containsEntry("total", 1);
        assertThat(locked.toString()).contains(rid);
        h.asRoot(Operation.UPDATE, "sys/locked-users/" + h.accessor("approle") + "/unlock/" + rid, Map.of());
        assertThat(login(rid, good, HOME).clientToken()).isNotEmpty();
    }

    @Test
    void racingLoginsSpendASingleUseSecretIdExactlyOnce() throws Exception {
        role("ci", Map.of("secret_id_num_uses", 1));
        String rid = roleId("ci");
        int threads = 16;
        List<String> ids = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            ids.add((String) secretId("ci", Map.of()).get("secret_id"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (String id : ids) {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    // Each racer from its own address, so the lock-out of one address does not decide the race.
                    ClientInfo from = new ClientInfo("10.9.0." + (t + 1), 1000);
                    Callable<Boolean> racer = () -> {
                        start.await();
                        try {
                            return login(rid, id, from) != null;
                        } catch (CofferException e) {
                            return false;
                        }
                    };
                    results.add(pool.submit(racer));
                }
                start.countDown();
                int wins = 0;
                for (Future<Boolean> f : results) {
                    wins += f.get() ? 1 : 0;
                }
                assertThat(wins).isEqualTo(1);
                // 15 losers a round: lift the role id's lock-out (25 failures from any address) between rounds.
                h.asRoot(Operation.UPDATE, "sys/locked-users/" + h.accessor("approle") + "/unlock/" + rid, Map.of());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWrappedSecretIdUnwrapsOnceAndLogsIn() {
        role("ci", Map.of("secret_id_num_uses", 1));
        Response wrapped = h.core.handle(h.root, Request.of("t", Operation.UPDATE, "auth/approle/role/ci/secret-id",
                Map.of(), HOME).wrapped(Duration.ofMinutes(2)));
        assertThat(wrapped.data()).isNull();
        String wrapToken = wrapped.wrapInfo().token();
        Map<String, Object> unwrapped = h.call(wrapToken, Operation.UPDATE, "sys/wrapping/unwrap", Map.of(), HOME).data();
        String id = (String) unwrapped.get("secret_id");
        assertThat(login(roleId("ci"), id, HOME).clientToken()).isNotEmpty();
        assertThatThrownBy(() -> h.call(wrapToken, Operation.UPDATE, "sys/wrapping/unwrap", Map.of(), HOME))
                .isInstanceOf(CofferException.class);
    }

    @Test
    void secretIdsAreListedLookedUpAndDestroyedByAccessorOrValue() {
        role("ci", Map.of());
        Map<String, Object> one = secretId("ci", Map.of());
        Map<String, Object> two = h.asRoot(Operation.UPDATE, "auth/approle/role/ci/custom-secret-id",
                Map.of("secret_id", "my-own-secret-id-value")).data();
        assertThat(two).containsEntry("secret_id", "my-own-secret-id-value");
        assertThatThrownBy(() -> h.asRoot(Operation.UPDATE, "auth/approle/role/ci/custom-secret-id",
                Map.of("secret_id", "my-own-secret-id-value"))).hasMessageContaining("already registered");
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) h.asRoot(Operation.LIST, "auth/approle/role/ci/secret-id", Map.of()).data().get("keys");
        assertThat(keys).containsExactlyInAnyOrder((String) one.get("secret_id_accessor"), (String) two.get("secret_id_accessor"));

        assertThat(h.asRoot(Operation.UPDATE, "auth/approle/role/ci/secret-id-accessor/lookup",
                Map.of("secret_id_accessor", one.get("secret_id_accessor"))).data()).containsKey("creation_time");
        h.asRoot(Operation.UPDATE, "auth/approle/role/ci/secret-id-accessor/destroy",
                Map.of("secret_id_accessor", one.get("secret_id_accessor")));
        refused(roleId("ci"), (String) one.get("secret_id"), HOME, AppRoleBackend.INVALID);
        h.asRoot(Operation.UPDATE, "auth/approle/role/ci/secret-id/destroy", Map.of("secret_id", "my-own-secret-id-value"));
        refused(roleId("ci"), "my-own-secret-id-value", HOME, AppRoleBackend.INVALID);
        assertThatThrownBy(() -> h.asRoot(Operation.UPDATE, "auth/approle/role/ci/secret-id-accessor/lookup",
                Map.of("secret_id_accessor", "nope"))).hasMessageContaining("no secret id with accessor");
    }

    @Test
    void aCustomRoleIdReplacesTheOldOneAndDeletingTheRoleEndsItsLogins() {
        role("ci", Map.of());
        String old = roleId("ci");
        String id = (String) secretId("ci", Map.of()).get("secret_id");
        h.asRoot(Operation.UPDATE, "auth/approle/role/ci/role-id", Map.of("role_id", "ci-role-id"));
        refused(old, id, HOME, AppRoleBackend.INVALID);
        assertThat(login("ci-role-id", id, HOME).clientToken()).isNotEmpty();
        role("other", Map.of());
        assertThatThrownBy(() -> h.asRoot(Operation.UPDATE, "auth/approle/role/other/role-id",
                Map.of("role_id", "ci-role-id"))).hasMessageContaining("already in use");
        h.asRoot(Operation.DELETE, "auth/approle/role/ci", Map.of());
        refused("ci-role-id", id, HOME, AppRoleBackend.INVALID);
        assertThatThrownBy(() -> secretId("ci", Map.of())).hasMessageContaining("role \"ci\" does not exist");
    }

    @Test
    void aRoleWithoutSecretIdNeedsAnotherConstraintAndLimitsAreChecked() {
        assertThatThrownBy(() -> role("open", Map.of("bind_secret_id", false)))
                .hasMessageContaining("at least one constraint");
        role("net", Map.of("bind_secret_id", false, "secret_id_bound_cidrs", "10.0.0.0/8"));
        assertThat(login(roleId("net"), null, HOME).clientToken()).isNotEmpty();
        assertThatThrownBy(() -> login(roleId("net"), null, ELSEWHERE)).hasMessageContaining("CIDR restrictions");
        assertThatThrownBy(() -> role("x", Map.of("token_policies", "root"))).hasMessageContaining("root");
        assertThatThrownBy(() -> role("x", Map.of("token_type", "batch"))).hasMessageContaining("batch tokens");
        assertThatThrownBy(() -> role("x", Map.of("secret_id_num_uses", -1))).hasMessageContaining("negative");
        role("lim", Map.of("secret_id_num_uses", 2, "secret_id_ttl", "1h"));
        assertThatThrownBy(() -> secretId("lim", Map.of("num_uses", 3))).hasMessageContaining("num_uses");
        assertThatThrownBy(() -> secretId("lim", Map.of("ttl", "2h"))).hasMessageContaining("secret_id_ttl");
        assertThatThrownBy(() -> secretId("lim", Map.of("metadata", "[1,2]"))).hasMessageContaining("metadata");
        assertThatThrownBy(() -> h.asRoot(Operation.READ, "auth/approle/role/x", Map.of()))
                .hasMessageContaining("does not exist");
    }
}
