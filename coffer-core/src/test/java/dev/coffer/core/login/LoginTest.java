package dev.coffer.core.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import dev.coffer.core.Core;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.BackendFactory;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Login;
import dev.coffer.core.logical.LoginLockout;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.storage.MemoryStorage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The login framework through a real core: sys/auth, unauthenticated login paths, minted tokens
 * and their caps, lock-out, bound CIDRs and templated policies. The auth method here is a small
 * one made for the test (password "pw-" + user name; metadata from the request).
 */
class LoginTest {
    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-03-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** user name u, password "pw-u"; policies, metadata, ttl and cidrs come from the request. */
    static final class TestPass implements Backend {
        private final LoginLockout lockout;

        TestPass(BackendContext ctx) {
            this.lockout = ctx.services().lockout();
        }

        @Override
        public String type() {
            return "testpass";
        }

        @Override
        @SuppressWarnings("unchecked")
        public List<PathSpec> paths() {
            return List.of(PathSpec.path("login/(?<username>[^/]+)")
                    .field(Field.of("username", FieldType.STRING, "user"))
                    .field(Field.of("password", FieldType.STRING, "password"))
                    .field(Field.of("policies", FieldType.STRING_LIST, "policies"))
                    .field(Field.of("meta", FieldType.MAP, "metadata"))
                    .field(Field.of("ttl", FieldType.DURATION, "ttl"))
                    .field(Field.of("max_ttl", FieldType.DURATION, "max ttl"))
                    .field(Field.of("cidrs", FieldType.STRING_LIST, "bound cidrs"))
                    .update((req, f) -> {
                        String user = f.getString("username");
                        LoginLockout.Attempt attempt = lockout.begin(user, req.client());
                        boolean ok = f.getString("password").equals("pw-" + user);
                        if (attempt.locked() || !ok) {
                            attempt.failed();
                            throw CofferException.invalid("invalid username or password");
                        }
                        attempt.succeeded();
                        Map<String, String> meta = f.has("meta") ? (Map<String, String>) f.get("meta") : Map.of();
                        return Response.ofLogin(new Login(user, f.has("policies") ? f.getStringList("policies") : List.of(),
                                meta, f.has("ttl") ? f.getDuration("ttl") : Duration.ZERO,
                                f.has("max_ttl") ? f.getDuration("max_ttl") : Duration.ZERO, Duration.ZERO, 0,
                                f.has("cidrs") ? f.getStringList("cidrs") : List.of(), false, user, Map.of(),
                                meta));
                    })
                    .unauthenticated()
                    .build());
        }
    }

    private final MovableClock clock = new MovableClock();
    private Core core;
    private String root;
    private static final ClientInfo HOME = new ClientInfo("10.1.2.3", 5000);
    private static final ClientInfo ELSEWHERE = new ClientInfo("192.0.2.7", 5000);

    @BeforeEach
    void setUp() {
        BackendFactory f = new BackendFactory() {
            @Override
            public String type() {
                return "testpass";
            }

            @Override
            public Backend create(BackendContext context) {
                return new TestPass(context);
            }
        };
        core = new Core(new MemoryStorage(), clock, Map.of(), Map.of("testpass", f));
        Core.InitResult r = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        core.unseal(HexFormat.of().formatHex(r.keyShares().get(0).bytes()));
        root = r.rootToken();
        call(root, Operation.UPDATE, "sys/auth/people", Map.of("type", "testpass",
                "config", Map.of("max_lease_ttl", "2h")));
    }

    private Response call(String token, Operation op, String path, Map<String, Object> data) {
        return call(token, op, path, data, HOME);
    }

    private Response call(String token, Operation op, String path, Map<String, Object> data, ClientInfo from) {
        return core.handle(token, Request.of("t", op, path, data, from));
    }

    private Auth login(String user, String password, Map<String, Object> extra) {
        Map<String, Object> body = new java.util.HashMap<>(extra);
        body.put("password", password);
        return call(null, Operation.UPDATE, "auth/people/login/" + user, body).auth();
    }

    @Test
    void sysAuthListsTheBuiltInTokenMethodAndEnabledOnes() {
        Map<String, Object> list = call(root, Operation.READ, "sys/auth", Map.of()).data();
        assertThat(list).containsKeys("token/", "people/");
        assertThat((Map<String, Object>) list.get("people/")).containsEntry("type", "testpass");
        assertThatThrownBy(() -> call(root, Operation.UPDATE, "sys/auth/x", Map.of("type", "nope")))
                .hasMessageContaining("unknown auth method type 'nope'");
        assertThatThrownBy(() -> call(root, Operation.UPDATE, "sys/auth/token", Map.of("type", "testpass")))
                .hasMessageContaining("in use");
        assertThatThrownBy(() -> call(root, Operation.DELETE, "sys/auth/token", Map.of()))
                .hasMessageContaining("cannot be disabled");
    }

    @Test
    void loginNeedsNoTokenAndMintsAnOrphanWithDefaultPolicyCappedByTheMount() {
        Auth a = login("alice", "pw-alice", Map.of("policies", List.of("reader"), "ttl", "24h",
                "meta", Map.of("repository", "org/app")));
        assertThat(a.clientToken()).startsWith("cfs_");
        assertThat(a.policies()).containsExactly("default", "reader");
        assertThat(a.orphan()).isTrue();
        assertThat(a.leaseDuration()).isEqualTo(7200); // mount max_lease_ttl 2h beats the asked 24h
        Map<String, Object> self = call(a.clientToken(), Operation.READ, "auth/token/lookup-self", Map.of()).data();
        assertThat(self).containsEntry("display_name", "testpass-alice");
        assertThat(self).containsEntry("path", "auth/people/login/alice");
        assertThat((Map<String, Object>) self.get("meta")).containsEntry("repository", "org/app");
        clock.now = clock.now.plus(Duration.ofHours(2));
        assertThatThrownBy(() -> call(a.clientToken(), Operation.READ, "auth/token/lookup-self", Map.of()))
                .hasMessageContaining("permission denied");
    }

    @Test
    void aLoginCannotMintARootToken() {
        assertThatThrownBy(() -> login("alice", "pw-alice", Map.of("policies", List.of("root"))))
                .isInstanceOf(CofferException.class).hasMessageContaining("root policy");
    }

    @Test
    void fiveFailuresLockTheIdentityOutWithTheSameErrorUntilUnlockedOrExpired() {
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> login("bob", "wrong", Map.of())).hasMessage("invalid username or password");
        }
        // The right password now gets exactly the wrong-password answer.
        assertThatThrownBy(() -> login("bob", "pw-bob", Map.of())).hasMessage("invalid username or password");
        // Another identity, and the same identity from another address, are not locked.
        assertThat(login("carol", "pw-carol", Map.of()).clientToken()).isNotEmpty();
        assertThat(call(null, Operation.UPDATE, "auth/people/login/bob", Map.of("password", "pw-bob"), ELSEWHERE).auth())
                .isNotNull();
        Map<String, Object> locked = call(root, Operation.READ, "sys/locked-users", Map.of()).data();
        assertThat(locked).containsEntry("total", 1);
        String accessor = (String) ((Map<String, Object>) call(root, Operation.READ, "sys/auth", Map.of()).data()
                .get("people/")).get("accessor");
        call(root, Operation.UPDATE, "sys/locked-users/" + accessor + "/unlock/bob", Map.of());
        assertThat(login("bob", "pw-bob", Map.of()).clientToken()).isNotEmpty();

        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> login("dave", "wrong", Map.of()));
        }
        assertThatThrownBy(() -> login("dave", "pw-dave", Map.of()));
        clock.now = clock.now.plus(LoginLockouts.DURATION);
        assertThat(login("dave", "pw-dave", Map.of()).clientToken()).isNotEmpty();
        assertThat(core.lockouts().failedLogins()).isGreaterThanOrEqualTo(11);
    }

    @Test
    void failuresSpreadOverMoreThanTheResetWindowDoNotLockOut() {
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> login("erin", "wrong", Map.of()));
        }
        clock.now = clock.now.plus(LoginLockouts.COUNTER_RESET);
        assertThatThrownBy(() -> login("erin", "wrong", Map.of()));
        assertThat(login("erin", "pw-erin", Map.of()).clientToken()).isNotEmpty();
    }

    @Test
    void aTokenBoundToCidrsIsRefusedFromElsewhere() {
        Auth a = login("frank", "pw-frank", Map.of("cidrs", List.of("10.0.0.0/8")));
        assertThat(call(a.clientToken(), Operation.READ, "auth/token/lookup-self", Map.of(), HOME).data()).isNotNull();
        assertThatThrownBy(() -> call(a.clientToken(), Operation.READ, "auth/token/lookup-self", Map.of(), ELSEWHERE))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> login("frank", "pw-frank", Map.of("cidrs", List.of("10.0.0.0/99"))))
                .hasMessageContaining("prefix length");
    }

    @Test
    void disablingTheMethodRevokesItsTokens() {
        Auth a = login("gina", "pw-gina", Map.of());
        call(root, Operation.DELETE, "sys/auth/people", Map.of());
        assertThatThrownBy(() -> call(a.clientToken(), Operation.READ, "auth/token/lookup-self", Map.of()))
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> login("gina", "pw-gina", Map.of())).isInstanceOf(CofferException.class);
    }

    @Test
    void oneTemplatedPolicyGivesEachRepositoryOnlyItsOwnSecrets() {
        call(root, Operation.UPDATE, "sys/policies/acl/ci", Map.of("policy", """
                path "secret/data/ci/{{identity.claims.repository}}/*" {
                  capabilities = ["read"]
                }
                path "secret/data/shared/*" {
                  capabilities = ["list"]
                }
                """));
        Auth a = login("a", "pw-a", Map.of("policies", List.of("ci"), "meta", Map.of("repository", "org/service-a")));
        Auth b = login("b", "pw-b", Map.of("policies", List.of("ci"), "meta", Map.of("repository", "org/service-b")));
        assertThat(caps(a, "secret/data/ci/org/service-a/db")).containsExactly("read");
        assertThat(caps(a, "secret/data/ci/org/service-b/db")).containsExactly("deny");
        assertThat(caps(b, "secret/data/ci/org/service-b/db")).containsExactly("read");
        assertThat(caps(b, "secret/data/ci/org/service-a/db")).containsExactly("deny");
        assertThat(caps(a, "secret/data/shared/x")).containsExactly("list");
    }

    @Test
    void metadataATokenCreatorChoosesIsNeverAClaim() {
        call(root, Operation.UPDATE, "sys/policies/acl/ci", Map.of("policy",
                "path \"secret/data/ci/{{identity.claims.repository}}/*\" { capabilities = [\"read\"] }\n"
                + "path \"auth/token/create\" { capabilities = [\"update\"] }"));
        Auth a = login("a", "pw-a", Map.of("policies", List.of("ci"), "meta", Map.of("repository", "org/service-a")));
        Auth child = call(a.clientToken(), Operation.UPDATE, "auth/token/create", Map.of("policies", List.of("ci"),
                "meta", Map.of("repository", "org/victim"))).auth();
        assertThat(caps(child, "secret/data/ci/org/victim/db")).containsExactly("deny");
        assertThat(caps(child, "secret/data/ci/org/service-a/db")).containsExactly("deny");
        assertThat(caps(a, "secret/data/ci/org/service-a/db")).containsExactly("read");
    }

    @Test
    void manyAddressesCannotGuessPastTheIdentitysCeilingAndHugeIdentitiesAreHashed() {
        for (int i = 0; i < LoginLockouts.IDENTITY_THRESHOLD; i++) {
            ClientInfo from = new ClientInfo("10.9.0." + i, 1000);
            assertThatThrownBy(() -> call(null, Operation.UPDATE, "auth/people/login/zed", Map.of("password", "x"), from));
        }
        assertThatThrownBy(() -> call(null, Operation.UPDATE, "auth/people/login/zed", Map.of("password", "pw-zed"),
                new ClientInfo("10.9.1.1", 1000))).hasMessage("invalid username or password");
        String huge = "u".repeat(200_000);
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> login(huge, "wrong", Map.of()));
        }
        List<Map<String, Object>> byMount = (List<Map<String, Object>>) ((List<Map<String, Object>>)
                call(root, Operation.READ, "sys/locked-users", Map.of()).data().get("by_namespace")).get(0).get("mount_accessors");
        assertThat(byMount.get(0).get("alias_identifiers").toString()).contains("zed").hasSizeLessThan(1000);
    }

    @Test
    void aClaimThatWouldWidenThePathDropsTheRule() {
        call(root, Operation.UPDATE, "sys/policies/acl/ci", Map.of("policy",
                "path \"secret/data/ci/{{identity.claims.repository}}/*\" { capabilities = [\"read\"] }"));
        for (String evil : List.of("*", "org/+", "org/../other", "", "org//x", "a b")) {
            Auth t = login("m", "pw-m", Map.of("policies", List.of("ci"), "meta", Map.of("repository", evil)));
            assertThat(caps(t, "secret/data/ci/org/x/y")).as(evil).containsExactly("deny");
        }
        Auth none = login("n", "pw-n", Map.of("policies", List.of("ci")));
        assertThat(caps(none, "secret/data/ci/org/x/y")).containsExactly("deny");
    }

    @Test
    void anUnknownTemplateIsRefusedWhenThePolicyIsWritten() {
        assertThatThrownBy(() -> call(root, Operation.UPDATE, "sys/policies/acl/bad", Map.of("policy",
                "path \"secret/{{identity.entity.id}}/*\" { capabilities = [\"read\"] }")))
                .hasMessageContaining("{{identity.claims.<name>}}");
    }

    @SuppressWarnings("unchecked")
    private List<String> caps(Auth token, String path) {
        Map<String, Object> d = call(token.clientToken(), Operation.UPDATE, "sys/capabilities-self",
                Map.of("paths", List.of(path))).data();
        return (List<String>) d.get("capabilities");
    }
}
