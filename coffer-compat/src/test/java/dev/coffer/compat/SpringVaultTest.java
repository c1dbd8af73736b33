package dev.coffer.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;
import org.springframework.vault.VaultException;
import org.springframework.vault.authentication.AppRoleAuthentication;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.RoleId;
import org.springframework.vault.authentication.AppRoleAuthenticationOptions.SecretId;
import org.springframework.vault.authentication.LifecycleAwareSessionManager;
import org.springframework.vault.authentication.LoginToken;
import org.springframework.vault.authentication.SimpleSessionManager;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultClients;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultKeyValueOperations;
import org.springframework.vault.core.VaultKeyValueOperationsSupport.KeyValueBackend;
import org.springframework.vault.core.VaultTemplate;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.core.env.VaultPropertySource;
import org.springframework.vault.core.util.KeyValueDelegate;
import org.springframework.vault.support.Policy;
import org.springframework.vault.support.Policy.BuiltinCapabilities;
import org.springframework.vault.support.Policy.Rule;
import org.springframework.vault.support.VaultHealth;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;
import org.springframework.vault.support.VaultToken;
import org.springframework.vault.support.VaultTokenRequest;
import org.springframework.vault.support.VaultTokenResponse;
import org.springframework.vault.support.Versioned;
import org.springframework.vault.support.Versioned.Version;
import org.springframework.vault.support.WrappedMetadata;
import org.springframework.web.client.RestTemplate;

/**
 * Spring Vault ({@code spring-vault-core}), unchanged, against a real server: {@link VaultTemplate}
 * over the JDK's {@code HttpURLConnection}, as an application configures it.
 */
class SpringVaultTest {
    private static CompatServer server;
    private static VaultEndpoint endpoint;
    private static VaultTemplate root;

    @BeforeAll
    static void start() throws Exception {
        server = new CompatServer();
        endpoint = VaultEndpoint.from(URI.create(server.address + "/v1/"));
        root = template(server.rootToken);
        root.opsForSys().mount("kv1", VaultMount.builder().type("kv").options(Map.of("version", "1")).build());
        root.opsForSys().authMount("approle", VaultMount.create("approle"));
        root.opsForSys().createOrUpdatePolicy("app", Policy.of(
                Rule.builder().path("secret/data/app/*").capabilities(BuiltinCapabilities.READ).build()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static VaultTemplate template(String token) {
        return new VaultTemplate(endpoint, new SimpleClientHttpRequestFactory(),
                new SimpleSessionManager(new TokenAuthentication(token)));
    }

    private static RestTemplate restTemplate() {
        return VaultClients.createRestTemplate(endpoint, new SimpleClientHttpRequestFactory());
    }

    @Test
    void healthAndInitialisation() {
        VaultHealth health = root.opsForSys().health();
        assertThat(health.isInitialized()).isTrue();
        assertThat(health.isSealed()).isFalse();
        assertThat(health.isStandby()).isFalse();
        assertThat(health.getServerTimeUtc()).isPositive();
        assertThat(health.getVersion()).isNotBlank();
        assertThat(root.opsForSys().isInitialized()).isTrue();
    }

    @Test
    void versionedKeyValueKeepsVersionsAndDeletesUndeletesAndDestroys() {
        VaultVersionedKeyValueOperations kv = root.opsForVersionedKeyValue("secret");
        Versioned.Metadata first = kv.put("spring/db", Map.of("password", "made-up-1"));
        assertThat(first.getVersion().getVersion()).isEqualTo(1);
        assertThat(first.getCreatedAt()).isBeforeOrEqualTo(Instant.now());
        assertThat(first.isDeleted()).isFalse();
        Versioned.Metadata second = kv.put("spring/db", Versioned.create(Map.of("password", "made-up-2"), Version.from(1)));
        assertThat(second.getVersion().getVersion()).isEqualTo(2);
        // Check-and-set against a stale version is refused.
        assertThatThrownBy(() -> kv.put("spring/db", Versioned.create(Map.of("password", "x"), Version.from(1))))
                .isInstanceOf(VaultException.class).hasMessageContaining("check-and-set");

        Versioned<Map<String, Object>> latest = kv.get("spring/db");
        assertThat(latest.getRequiredData()).containsEntry("password", "made-up-2");
        assertThat(latest.getVersion().getVersion()).isEqualTo(2);
        Versioned<Map<String, Object>> v1 = kv.get("spring/db", Version.from(1));
        assertThat(v1.getRequiredData()).containsEntry("password", "made-up-1");

        kv.delete("spring/db", Version.from(2));
        Versioned<Map<String, Object>> deleted = kv.get("spring/db");
        assertThat(deleted).isNotNull();
        assertThat(deleted.hasData()).isFalse();
        assertThat(deleted.getMetadata().isDeleted()).isTrue();
        assertThat(deleted.getVersion().getVersion()).isEqualTo(2);

        kv.undelete("spring/db", Version.from(2));
        assertThat(kv.get("spring/db").getRequiredData()).containsEntry("password", "made-up-2");

        kv.destroy("spring/db", Version.from(1));
        Versioned<Map<String, Object>> destroyed = kv.get("spring/db", Version.from(1));
        assertThat(destroyed == null || !destroyed.hasData()).isTrue();

        assertThat(kv.list("spring/")).containsExactly("db");
        assertThat(kv.opsForKeyValueMetadata().get("spring/db").getCurrentVersion()).isEqualTo(2);

        kv.delete("spring/db");
        assertThat(kv.get("spring/db")).matches(v -> v == null || !v.hasData());
        assertThat(kv.get("spring/never-written")).isNull();
    }

    @Test
    void keyValueOperationsOnVersionOneAndVersionTwoMounts() {
        VaultKeyValueOperations v2 = root.opsForKeyValue("secret", KeyValueBackend.versioned());
        v2.put("spring/kv2", Map.of("user", "ci"));
        assertThat(v2.get("spring/kv2").getRequiredData()).containsEntry("user", "ci");
        assertThat(v2.list("spring/")).contains("kv2");
        assertThat(v2.get("spring/missing")).isNull();

        VaultKeyValueOperations v1 = root.opsForKeyValue("kv1", KeyValueBackend.unversioned());
        v1.put("team/app", Map.of("token", "made-up"));
        assertThat(v1.get("team/app").getRequiredData()).containsEntry("token", "made-up");
        assertThat(v1.list("team/")).containsExactly("app");
        v1.delete("team/app");
        assertThat(v1.get("team/app")).isNull();
        assertThat(v1.list("team/")).isEmpty();
    }

    @Test
    void rawReadWriteListAndAMissingSecretIsNull() {
        root.write("secret/data/raw/one", Map.of("data", Map.of("k", "v")));
        VaultResponse read = root.read("secret/data/raw/one");
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) read.getRequiredData().get("data");
        assertThat(inner).containsEntry("k", "v");
        assertThat(root.list("secret/metadata/raw")).containsExactly("one");
        assertThat(root.list("secret/metadata/nothing-here")).isEmpty();
        assertThat(root.read("secret/data/raw/missing")).isNull();
        assertThat(root.read("kv1/missing")).isNull();
        assertThatThrownBy(() -> template("cfs_notAToken").read("secret/data/raw/one"))
                .isInstanceOf(VaultException.class).hasMessageContaining("permission denied");
    }

    @Test
    void tokensAreCreatedRenewedAndRevoked() {
        VaultTokenResponse created = root.opsForToken().create(VaultTokenRequest.builder()
                .withPolicy("app").ttl(Duration.ofHours(1)).renewable().displayName("spring").build());
        VaultToken token = created.getToken();
        assertThat(token.getToken()).startsWith("cfs_");
        assertThat(created.getRequiredAuth()).containsEntry("renewable", true).containsEntry("lease_duration", 3600);

        VaultTokenResponse renewed = root.opsForToken().renew(token);
        assertThat(renewed.getRequiredAuth().get("lease_duration")).isEqualTo(3600);

        VaultTokenResponse orphan = root.opsForToken().createOrphan(VaultTokenRequest.builder()
                .withPolicy("app").ttl(Duration.ofMinutes(10)).build());
        assertThat(orphan.getRequiredAuth()).containsEntry("orphan", true);

        root.opsForToken().revoke(token);
        root.opsForToken().revokeOrphan(orphan.getToken());
        assertThatThrownBy(() -> template(token.getToken()).read("secret/data/app/x"))
                .isInstanceOf(VaultException.class).hasMessageContaining("permission denied");
    }

    @Test
    void wrappingWrapsLooksUpAndUnwrapsOnce() {
        WrappedMetadata wrapped = root.opsForWrapping().wrap(Map.of("deploy-key", "made-up"), Duration.ofMinutes(5));
        assertThat(wrapped.getTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(wrapped.getPath()).isEqualTo("sys/wrapping/wrap");
        assertThat(wrapped.getCreationTime()).isBeforeOrEqualTo(Instant.now());

        WrappedMetadata looked = root.opsForWrapping().lookup(wrapped.getToken());
        assertThat(looked).isNotNull();
        assertThat(looked.getTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(looked.getPath()).isEqualTo("sys/wrapping/wrap");

        VaultResponse unwrapped = root.opsForWrapping().read(wrapped.getToken());
        assertThat(unwrapped.getRequiredData()).containsEntry("deploy-key", "made-up");
        // Single use: a second unwrap and a lookup find nothing.
        assertThat(root.opsForWrapping().read(wrapped.getToken())).isNull();
        assertThat(root.opsForWrapping().lookup(wrapped.getToken())).isNull();
    }

    @Test
    void appRolePullModeLogsInAndTheTokenReadsItsSecret() {
        root.write("auth/approle/role/web", Map.of("token_policies", "app", "token_ttl", "1h", "token_max_ttl", "4h"));
        root.opsForVersionedKeyValue("secret").put("app/config", Map.of("db.password", "made-up"));

        AppRoleAuthenticationOptions options = AppRoleAuthenticationOptions.builder()
                .appRole("web")
                .roleId(RoleId.pull(VaultToken.of(server.rootToken)))
                .secretId(SecretId.pull(VaultToken.of(server.rootToken)))
                .build();
        VaultToken login = new AppRoleAuthentication(options, restTemplate()).login();
        assertThat(login).isInstanceOf(LoginToken.class);
        LoginToken loginToken = (LoginToken) login;
        assertThat(loginToken.isRenewable()).isTrue();
        assertThat(loginToken.getLeaseDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(loginToken.getAccessor()).isNotBlank();

        VaultTemplate app = template(login.getToken());
        assertThat(app.opsForVersionedKeyValue("secret").get("app/config").getRequiredData())
                .containsEntry("db.password", "made-up");
        assertThatThrownBy(() -> app.opsForVersionedKeyValue("secret").put("app/config", Map.of("x", "y")))
                .isInstanceOf(VaultException.class).hasMessageContaining("permission denied");

        // A wrong secret id is a login failure.
        AppRoleAuthenticationOptions wrong = AppRoleAuthenticationOptions.builder().appRole("web")
                .roleId(RoleId.pull(VaultToken.of(server.rootToken))).secretId(SecretId.provided("not-the-secret"))
                .build();
        assertThatThrownBy(() -> new AppRoleAuthentication(wrong, restTemplate()).login())
                .hasMessageContaining("AppRole");
    }

    @Test
    void theLifecycleAwareSessionManagerLogsInRenewsAndRevokesOnDestroy() throws Exception {
        root.write("auth/approle/role/renewing", Map.of("token_policies", "app", "token_ttl", "10m", "token_max_ttl", "1h"));
        AppRoleAuthenticationOptions options = AppRoleAuthenticationOptions.builder()
                .appRole("renewing")
                .roleId(RoleId.pull(VaultToken.of(server.rootToken)))
                .secretId(SecretId.pull(VaultToken.of(server.rootToken)))
                .build();
        RecordingScheduler scheduler = new RecordingScheduler();
        RestTemplate rest = restTemplate();
        LifecycleAwareSessionManager sessions = new LifecycleAwareSessionManager(
                new AppRoleAuthentication(options, rest), scheduler, rest);

        VaultToken token = sessions.getSessionToken();
        assertThat(scheduler.scheduled).hasSize(1);
        // Run the scheduled renewal now instead of waiting for its trigger.
        scheduler.scheduled.get(0).run();
        assertThat(sessions.getSessionToken().getToken()).isEqualTo(token.getToken());
        assertThat(sessions.renewToken()).isTrue();

        VaultTemplate app = new VaultTemplate(endpoint, new SimpleClientHttpRequestFactory(), sessions);
        VaultResponse self = app.read("auth/token/lookup-self");
        assertThat(((Number) self.getRequiredData().get("ttl")).longValue()).isBetween(590L, 600L);

        sessions.destroy();
        assertThatThrownBy(() -> template(token.getToken()).read("auth/token/lookup-self"))
                .isInstanceOf(VaultException.class).hasMessageContaining("permission denied");
    }

    @Test
    void kvVersionDetectionWorksForATokenThatMayOnlyReadItsOwnSecrets() {
        root.opsForVersionedKeyValue("secret").put("app/detect", Map.of("spring.datasource.password", "made-up"));
        String token = root.opsForToken().create(VaultTokenRequest.builder().withPolicy("app").build())
                .getToken().getToken();
        VaultTemplate app = template(token);

        KeyValueDelegate.MountInfo info = new KeyValueDelegate(app).getMountInfo("secret/app/detect");
        assertThat(info.isAvailable()).isTrue();
        assertThat(info.getPath()).isEqualTo("secret/");
        assertThat(info.getOptions()).containsEntry("version", "2");
        assertThat(new KeyValueDelegate(app).isVersioned("secret/app/detect")).isTrue();

        VaultPropertySource source = new VaultPropertySource(app, "secret/app/detect");
        assertThat(source.getProperty("spring.datasource.password")).isEqualTo("made-up");

        // Outside its policy the probe is refused and Spring Vault falls back to "not available".
        assertThat(new KeyValueDelegate(app).getMountInfo("secret/other/thing").isAvailable()).isFalse();
    }

    /** A scheduler that keeps what it is given, so the test runs it at once instead of waiting. */
    private static final class RecordingScheduler implements TaskScheduler {
        final List<Runnable> scheduled = new ArrayList<>();

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
            scheduled.add(task);
            return null;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
            scheduled.add(task);
            return null;
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
            throw new UnsupportedOperationException();
        }
    }
}
