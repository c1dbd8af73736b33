package dev.coffer.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.seal.SealConfig;
import dev.coffer.core.seal.SealStatus;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.core.storage.SqliteStorage;
import dev.coffer.core.storage.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoreTest {

    static String hex(SecretBytes s) {
        return HexFormat.of().formatHex(s.bytes());
    }

    static Request read(String path) {
        return Request.of("test", Operation.READ, path, Map.of(), ClientInfo.INTERNAL);
    }

    static Request update(String path) {
        return Request.of("test", Operation.UPDATE, path, Map.of(), ClientInfo.INTERNAL);
    }

    @Test
    void initLeavesTheServerSealedAndRefusesASecondInit() {
        Core core = new Core(new MemoryStorage(), Clock.systemUTC());
        assertThat(core.isInitialized()).isFalse();
        assertThat(core.sealStatus().initialized()).isFalse();
        Core.InitResult r = core.initialize(SealConfig.shamir(5, 3), Optional.empty());
        assertThat(r.keyShares()).hasSize(5);
        assertThat(r.rootToken()).startsWith("cfs_");
        assertThat(r.toString()).doesNotContain(r.rootToken());
        assertThat(core.isSealed()).isTrue();
        SealStatus s = core.sealStatus();
        assertThat(s.initialized()).isTrue();
        assertThat(s.threshold()).isEqualTo(3);
        assertThat(s.shares()).isEqualTo(5);

        assertThatThrownBy(() -> core.initialize(SealConfig.shamir(1, 1), Optional.empty()))
                .hasMessage("Vault is already initialized");
        assertThat(core.sealStatus()).isEqualTo(s);
    }

    @Test
    void unsealProgressesAcrossCallsIgnoresDuplicatesAndResets() {
        Core core = new Core(new MemoryStorage(), Clock.systemUTC());
        Core.InitResult r = core.initialize(SealConfig.shamir(5, 3), Optional.empty());
        List<SecretBytes> k = r.keyShares();

        SealStatus s1 = core.unseal(hex(k.get(0)));
        assertThat(s1.progress()).isEqualTo(1);
        assertThat(s1.nonce()).isNotEmpty();
        assertThat(core.unseal(hex(k.get(0))).progress()).isEqualTo(1);
        assertThat(core.unseal(hex(k.get(3))).progress()).isEqualTo(2);
        assertThat(core.resetUnseal().progress()).isZero();
        assertThat(core.sealStatus().nonce()).isEmpty();

        core.unseal(hex(k.get(4)));
        core.unseal(java.util.Base64.getEncoder().encodeToString(k.get(2).bytes()));
        SealStatus done = core.unseal(hex(k.get(1)));
        assertThat(done.sealed()).isFalse();
        assertThat(done.progress()).isZero();
        assertThat(done.clusterName()).startsWith("coffer-cluster-");
    }

    @Test
    void wrongSharesGiveAClearErrorResetProgressAndKeepItSealed() {
        Core core = new Core(new MemoryStorage(), Clock.systemUTC());
        Core.InitResult r = core.initialize(SealConfig.shamir(3, 2), Optional.empty());
        byte[] corrupted = r.keyShares().get(0).bytes();
        corrupted[5] ^= 0x40;
        core.unseal(HexFormat.of().formatHex(corrupted));
        assertThatThrownBy(() -> core.unseal(hex(r.keyShares().get(1))))
                .isInstanceOf(CofferException.class)
                .hasMessageContaining("do not reconstruct the unseal key");
        assertThat(core.isSealed()).isTrue();
        assertThat(core.sealStatus().progress()).isZero();

        core.unseal(hex(r.keyShares().get(2)));
        assertThat(core.unseal(hex(r.keyShares().get(1))).sealed()).isFalse();
    }

    @Test
    void unsealBeforeInitAndBadKeysChangeNothing() {
        Core core = new Core(new MemoryStorage(), Clock.systemUTC());
        assertThatThrownBy(() -> core.unseal("00")).hasMessage("Vault is not initialized");
        Core.InitResult r = core.initialize(SealConfig.shamir(3, 2), Optional.empty());
        core.unseal(hex(r.keyShares().get(0)));
        SealStatus before = core.sealStatus();
        assertThatThrownBy(() -> core.unseal("abcd")).hasMessageContaining("wrong length");
        assertThatThrownBy(() -> core.unseal("zz not hex")).hasMessageContaining("valid hex or base64");
        assertThat(core.sealStatus()).isEqualTo(before);
    }

    @Test
    void requestsNeedAnUnsealedCoreAndAKnownToken() {
        Core core = new Core(new MemoryStorage(), Clock.systemUTC());
        assertThatThrownBy(() -> core.handle("x", read("sys/key-status"))).hasMessage("Vault is sealed");
        Core.InitResult r = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        assertThatThrownBy(() -> core.handle(r.rootToken(), read("sys/key-status"))).hasMessage("Vault is sealed");
        core.unseal(hex(r.keyShares().get(0)));

        assertThatThrownBy(() -> core.handle("", read("sys/key-status"))).hasMessage("permission denied");
        assertThatThrownBy(() -> core.handle("cfs_nope", read("sys/key-status"))).hasMessage("permission denied");
        assertThatThrownBy(() -> core.handle("", read("nothing/here"))).hasMessage("permission denied");
        Response ks = core.handle(r.rootToken(), read("sys/key-status"));
        assertThat(ks.data()).containsEntry("term", 1);
        assertThatThrownBy(() -> core.handle(r.rootToken(), read("nothing/here")))
                .extracting(e -> ((CofferException) e).kind()).isEqualTo(CofferException.Kind.NOT_FOUND);
        assertThatThrownBy(() -> core.handle(r.rootToken(), read("sys/rotate")))
                .extracting(e -> ((CofferException) e).kind()).isEqualTo(CofferException.Kind.UNSUPPORTED_OPERATION);

        assertThat(core.handle(r.rootToken(), update("sys/rotate")).isEmpty()).isTrue();
        assertThat(core.handle(r.rootToken(), read("sys/key-status")).data()).containsEntry("term", 2);

        core.handle(r.rootToken(), update("sys/seal"));
        assertThat(core.isSealed()).isTrue();
        assertThatThrownBy(() -> core.handle(r.rootToken(), read("sys/key-status"))).hasMessage("Vault is sealed");
    }

    @Test
    void aSpentOrUnknownWrappingTokenIsABadRequestAsInVaultNotAPermissionError() {
        Core core = new Core(new MemoryStorage(), Clock.systemUTC());
        Core.InitResult r = core.initialize(SealConfig.shamir(1, 1), Optional.empty());
        core.unseal(hex(r.keyShares().get(0)));
        String wrapping = core.handle(r.rootToken(), Request.of("test", Operation.UPDATE, "sys/wrapping/wrap",
                Map.of("deploy-key", "made-up"), ClientInfo.INTERNAL)).wrapInfo().token();

        assertThat(core.handle(wrapping, update("sys/wrapping/unwrap")).data()).containsEntry("deploy-key", "made-up");
        for (String path : List.of("sys/wrapping/unwrap", "sys/wrapping/lookup", "sys/wrapping/rewrap")) {
            for (String token : List.of(wrapping, "cfs_nope", "")) {
                assertThatThrownBy(() -> core.handle(token, update(path)))
                        .hasMessage("wrapping token is not valid or does not exist")
                        .extracting(e -> ((CofferException) e).kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
            }
        }
        // With the wrapping token in the body, the calling token is an ordinary one: unknown is 403.
        assertThatThrownBy(() -> core.handle("cfs_nope", Request.of("test", Operation.UPDATE, "sys/wrapping/unwrap",
                Map.of("token", wrapping), ClientInfo.INTERNAL))).hasMessage("permission denied");
        assertThatThrownBy(() -> core.handle("cfs_nope", update("sys/wrapping/wrap"))).hasMessage("permission denied");
    }

    @Test
    void aRestartedSqliteServerComesUpSealedAndServesAgainAfterUnseal(@TempDir Path dir) {
        Path file = dir.resolve("coffer.db");
        Core.InitResult r;
        try (Core core = new Core(new SqliteStorage(file), Clock.systemUTC())) {
            r = core.initialize(SealConfig.shamir(3, 2), Optional.empty());
            core.unseal(hex(r.keyShares().get(0)));
            core.unseal(hex(r.keyShares().get(1)));
            core.handle(r.rootToken(), update("sys/rotate"));
        }
        try (Storage storage = new SqliteStorage(file); Core core = new Core(storage, Clock.systemUTC())) {
            assertThat(core.isInitialized()).isTrue();
            assertThat(core.isSealed()).isTrue();
            assertThatThrownBy(() -> core.handle(r.rootToken(), read("sys/key-status"))).hasMessage("Vault is sealed");
            core.unseal(hex(r.keyShares().get(2)));
            core.unseal(hex(r.keyShares().get(0)));
            assertThat(core.handle(r.rootToken(), read("sys/key-status")).data()).containsEntry("term", 2);
        }
    }

    @Test
    void devStyleRootTokenIdIsHonoured() {
        Core core = new Core(new MemoryStorage(), Clock.systemUTC());
        Core.InitResult r = core.initialize(SealConfig.shamir(1, 1), Optional.of("dev-only-root"));
        core.unseal(hex(r.keyShares().get(0)));
        assertThat(r.rootToken()).isEqualTo("dev-only-root");
        assertThat(core.handle("dev-only-root", read("sys/key-status")).data()).containsKey("install_time");
    }
}
