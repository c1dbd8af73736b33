package dev.coffer.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.jopenlibs.vault.Vault;
import io.github.jopenlibs.vault.VaultConfig;
import io.github.jopenlibs.vault.VaultException;
import io.github.jopenlibs.vault.api.Auth;
import io.github.jopenlibs.vault.response.LogicalResponse;
import io.github.jopenlibs.vault.response.LookupResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Jenkins plugin's client (jopenlibs vault-java-driver), unchanged, against a real server:
 * it inserts {@code data/} and {@code metadata/} for KV v2 itself and parses every answer.
 */
class VaultJavaDriverTest {
    private static CompatServer server;
    private static Vault root;

    @BeforeAll
    static void start() throws Exception {
        server = new CompatServer();
        root = client(server.rootToken);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Vault client(String token) throws VaultException {
        return Vault.create(new VaultConfig().address(server.address).token(token).engineVersion(2).build());
    }

    private interface Call {
        LogicalResponse run() throws VaultException;
    }

    /** The status the server answered: the driver throws for some statuses and returns others. */
    private static int statusOf(Call call) {
        try {
            return call.run().getRestResponse().getStatus();
        } catch (VaultException e) {
            return e.getHttpStatusCode();
        }
    }

    @Test
    void kvV2WriteReadVersionsListDeleteUndelete() throws Exception {
        root.logical().write("secret/jenkins/db", Map.of("user", "ci", "password", "made-up-1"));
        root.logical().write("secret/jenkins/db", Map.of("user", "ci", "password", "made-up-2"));

        LogicalResponse latest = root.logical().read("secret/jenkins/db");
        assertThat(latest.getData()).containsEntry("password", "made-up-2");
        assertThat(latest.getRestResponse().getStatus()).isEqualTo(200);
        assertThat(root.logical().read("secret/jenkins/db", false, 1).getData()).containsEntry("password", "made-up-1");

        assertThat(root.logical().list("secret/jenkins").getListData()).containsExactly("db");

        root.logical().delete("secret/jenkins/db", new int[] {2});
        assertThat(statusOf(() -> root.logical().read("secret/jenkins/db"))).isEqualTo(404);
        root.logical().unDelete("secret/jenkins/db", new int[] {2});
        assertThat(root.logical().read("secret/jenkins/db").getData()).containsEntry("password", "made-up-2");

        root.logical().destroy("secret/jenkins/db", new int[] {1});
        assertThat(statusOf(() -> root.logical().read("secret/jenkins/db", false, 1))).isEqualTo(404);

        // The driver's plain delete removes the metadata, and with it every version.
        root.logical().delete("secret/jenkins/db");
        assertThat(statusOf(() -> root.logical().read("secret/jenkins/db"))).isEqualTo(404);
        assertThat(statusOf(() -> root.logical().list("secret/jenkins"))).isEqualTo(404);
    }

    @Test
    void aChildTokenWithANarrowPolicyIsRefusedOutsideIt() throws Exception {
        root.logical().write("secret/jenkins/app", Map.of("k", "v"));
        root.logical().write("secret/other/app", Map.of("k", "v"));
        // The driver has no policy API: write it through the generic write (sys/ is not a KV mount).
        Vault rawRoot = Vault.create(new VaultConfig().address(server.address).token(server.rootToken).engineVersion(1).build());
        rawRoot.logical().write("sys/policies/acl/jenkins", Map.of("policy",
                "path \"secret/data/jenkins/*\" {\n  capabilities = [\"read\"]\n}\n"));

        String token = root.auth().createToken(new Auth.TokenRequest().polices(List.of("jenkins")).ttl("1h"))
                .getAuthClientToken();
        Vault narrow = client(token);
        assertThat(narrow.logical().read("secret/jenkins/app").getData()).containsEntry("k", "v");
        assertThat(statusOf(() -> narrow.logical().read("secret/other/app"))).isEqualTo(403);
        assertThat(statusOf(() -> narrow.logical().write("secret/jenkins/app", Map.of("k", "x")))).isEqualTo(403);

        LookupResponse self = narrow.auth().lookupSelf();
        assertThat(self.getPolicies()).containsExactly("default", "jenkins");
        assertThat(self.getTTL()).isGreaterThan(3500);
        assertThat(narrow.auth().renewSelf(7200).getAuthLeaseDuration()).isEqualTo(7200);
        narrow.auth().revokeSelf();
        assertThatThrownBy(() -> narrow.auth().lookupSelf())
                .isInstanceOf(VaultException.class)
                .satisfies(e -> assertThat(((VaultException) e).getHttpStatusCode()).isEqualTo(403));
    }

    @Test
    void sealStatusAndHealth() throws Exception {
        assertThat(root.sys().seal().sealStatus().getSealed()).isFalse();
        assertThat(root.debug().health().getInitialized()).isTrue();
    }
}
