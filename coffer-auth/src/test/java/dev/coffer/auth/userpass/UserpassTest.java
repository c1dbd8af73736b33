package dev.coffer.auth.userpass;

import static dev.coffer.auth.LoginHarness.ELSEWHERE;
import static dev.coffer.auth.LoginHarness.HOME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.auth.LoginHarness;
import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** userpass through a real core with real bcrypt: users, logins and every refusal. */
class UserpassTest {
    private LoginHarness h;

    @BeforeEach
    void setUp() {
        h = new LoginHarness();
        h.enable("userpass", "userpass");
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private void user(String name, Map<String, Object> fields) {
        h.asRoot(Operation.UPDATE, "auth/userpass/users/" + name, fields);
    }

    private Auth login(String name, String password, ClientInfo from) {
        return h.login("auth/userpass/login/" + name, Map.of("password", password), from);
    }

    private void refused(String name, String password) {
        assertThatThrownBy(() -> login(name, password, HOME)).isInstanceOf(CofferException.class)
                .hasMessage(UserpassBackend.INVALID);
    }

    @Test
    void aUserLogsInWithTheirPasswordAndGetsTheirPolicies() {
        user("Alice", Map.of("password", "correct horse", "token_policies", List.of("dev"), "token_ttl", "30m"));
        Response read = h.asRoot(Operation.READ, "auth/userpass/users/alice", Map.of());
        assertThat(read.data()).containsEntry("token_policies", List.of("dev")).containsEntry("token_ttl", 1800L)
                .doesNotContainKeys("password", "password_hash");
        assertThat(read.data().toString()).doesNotContain("correct horse").doesNotContain("$2y$");
        assertThat(h.asRoot(Operation.LIST, "auth/userpass/users", Map.of()).data()).containsEntry("keys", List.of("alice"));

        Auth a = login("ALICE", "correct horse", HOME);
        assertThat(a.policies()).containsExactly("default", "dev");
        assertThat(a.leaseDuration()).isEqualTo(1800);
        assertThat(a.metadata()).containsEntry("username", "alice");
        assertThat(h.lookupSelf(a.clientToken())).containsEntry("display_name", "userpass-alice");
    }

    @Test
    void aDeletedUsersTokenIsNotRenewedAndADisabledMethodsTokensAreGone() {
        user("dora", Map.of("password", "door-key-1"));
        Auth a = login("dora", "door-key-1", HOME);
        assertThat(h.call(a.clientToken(), Operation.UPDATE, "auth/token/renew-self", Map.of(), HOME).auth()).isNotNull();
        h.asRoot(Operation.DELETE, "auth/userpass/users/dora", Map.of());
        assertThatThrownBy(() -> h.call(a.clientToken(), Operation.UPDATE, "auth/token/renew-self", Map.of(), HOME))
                .hasMessageContaining("no longer exists");

        user("eve", Map.of("password", "eve-key-12"));
        Auth e = login("eve", "eve-key-12", HOME);
        h.asRoot(Operation.DELETE, "sys/auth/userpass", Map.of());
        assertThatThrownBy(() -> h.lookupSelf(e.clientToken())).hasMessageContaining("permission denied");
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAndNoToken() {
        user("bob", Map.of("password", "s3cret-pass"));
        refused("bob", "s3cret-pasS");
        refused("bob", "");
        refused("nobody", "s3cret-pass");
        refused("bob", "x".repeat(100));
    }

    @Test
    void theSixthAttemptWithTheRightPasswordIsRefusedAfterFiveFailuresUntilUnlocked() {
        user("carol", Map.of("password", "right-one"));
        for (int i = 0; i < 5; i++) {
            refused("carol", "wrong-" + i);
        }
        refused("carol", "right-one");
        Map<String, Object> locked = h.asRoot(Operation.READ, "sys/locked-users", Map.of()).data();
        assertThat(locked).containsEntry("total", 1);
        assertThat(locked.toString()).contains("alias_identifiers=[carol]");
        // Another address is not locked out.
        assertThat(login("carol", "right-one", ELSEWHERE).clientToken()).isNotEmpty();
        h.asRoot(Operation.UPDATE, "sys/locked-users/" + h.accessor("userpass") + "/unlock/carol", Map.of());
        assertThat(login("Carol", "right-one", HOME).clientToken()).isNotEmpty();
    }

    @Test
    void theLockOutEndsAfterFifteenMinutes() {
        user("dave", Map.of("password", "right-one"));
        for (int i = 0; i < 5; i++) {
            refused("dave", "wrong");
        }
        refused("dave", "right-one");
        h.clock.advance(Duration.ofMinutes(15));
        assertThat(login("dave", "right-one", HOME).clientToken()).isNotEmpty();
    }

    @Test
    void passwordAndPoliciesChangeOnTheirOwnPathsAndDeletionEndsLogins() {
        user("erin", Map.of("password", "first-pass", "token_policies", "a"));
        h.asRoot(Operation.UPDATE, "auth/userpass/users/erin/password", Map.of("password", "second-pass"));
        refused("erin", "first-pass");
        h.asRoot(Operation.UPDATE, "auth/userpass/users/erin/policies", Map.of("token_policies", "b,c"));
        assertThat(login("erin", "second-pass", HOME).policies()).containsExactly("b", "c", "default");
        // An update without a password keeps it.
        user("erin", Map.of("token_ttl", "5m"));
        assertThat(login("erin", "second-pass", HOME).leaseDuration()).isEqualTo(300);
        h.asRoot(Operation.DELETE, "auth/userpass/users/erin", Map.of());
        refused("erin", "second-pass");
        assertThatThrownBy(() -> h.asRoot(Operation.UPDATE, "auth/userpass/users/erin/password",
                Map.of("password", "x"))).hasMessageContaining("does not exist");
    }

    @Test
    void badUserInputIsRefusedWithAClearMessageAndChangesNothing() {
        assertThatThrownBy(() -> user("frank", Map.of())).hasMessage("missing password");
        assertThatThrownBy(() -> user("frank", Map.of("password", "p".repeat(73))))
                .hasMessageContaining("at most 72 bytes");
        assertThatThrownBy(() -> user("frank", Map.of("password", "ok", "token_bound_cidrs", "10.0.0.0/33")))
                .hasMessageContaining("prefix length");
        assertThatThrownBy(() -> user("frank", Map.of("password", "ok", "token_policies", "root")))
                .hasMessageContaining("root");
        assertThatThrownBy(() -> user("frank", Map.of("password", "ok", "token_ttl", "2h", "token_max_ttl", "1h")))
                .hasMessageContaining("token_max_ttl");
        assertThatThrownBy(() -> h.asRoot(Operation.READ, "auth/userpass/users/frank", Map.of()))
                .hasFieldOrPropertyWithValue("kind", CofferException.Kind.NOT_FOUND);
    }

    @Test
    void aTokenBoundToCidrsIsRefusedFromElsewhere() {
        user("gina", Map.of("password", "pw-gina-1", "token_bound_cidrs", "10.0.0.0/8"));
        Auth a = login("gina", "pw-gina-1", HOME);
        assertThat(h.lookupSelf(a.clientToken())).isNotNull();
        assertThatThrownBy(() -> h.call(a.clientToken(), Operation.READ, "auth/token/lookup-self", Map.of(), ELSEWHERE))
                .hasMessageContaining("permission denied");
    }
}
