package dev.coffer.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.storage.SqliteStorage;
import dev.coffer.http.TestServer.Keys;
import dev.coffer.http.TestServer.Reply;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a restart on SQLite: initialisation, the keyring's terms and the root token. */
class RestartTest {
    @TempDir
    Path dir;

    @Test
    void aRestartedServerIsSealedAndUnsealsToTheSameState() throws Exception {
        Path db = dir.resolve("data").resolve("coffer.db");
        Keys keys;
        String clusterName;
        try (TestServer first = TestServer.start(new SqliteStorage(db), 1 << 20)) {
            keys = first.init(3, 2);
            assertThat(keys.hex()).hasSize(3);
            first.unsealWith(List.of(keys.hex().get(0), keys.base64().get(2)));
            Reply rotated = first.put("/v1/sys/rotate", "", "X-Vault-Token", keys.rootToken());
            assertThat(rotated.status()).isEqualTo(204);
            assertThat(first.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).data())
                    .containsEntry("term", 2);
            clusterName = (String) first.sealStatus().get("cluster_name");
            assertThat(clusterName).isNotBlank();
        }

        try (TestServer second = TestServer.start(new SqliteStorage(db), 1 << 20)) {
            assertThat(second.get("/v1/sys/health").status()).isEqualTo(503);
            assertThat(second.initStatus()).isEqualTo(Map.of("initialized", true));
            assertThat(second.sealStatus())
                    .containsEntry("initialized", true)
                    .containsEntry("sealed", true)
                    .containsEntry("t", 2)
                    .containsEntry("n", 3)
                    .containsEntry("progress", 0)
                    .containsEntry("storage_type", "sqlite");
            assertThat(second.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).status())
                    .isEqualTo(503);
            assertThat(second.put("/v1/sys/init", "{\"secret_shares\":1,\"secret_threshold\":1}").status())
                    .isEqualTo(400);

            second.unsealWith(List.of(keys.base64().get(1), keys.hex().get(2)));
            assertThat(second.get("/v1/sys/health").status()).isEqualTo(200);
            assertThat(second.sealStatus()).containsEntry("cluster_name", clusterName);

            Reply status = second.get("/v1/sys/key-status", "Authorization", "Bearer " + keys.rootToken());
            assertThat(status.status()).isEqualTo(200);
            assertThat(status.data()).containsEntry("term", 2).containsEntry("terms", 2);

            assertThat(second.put("/v1/sys/rotate", "", "X-Vault-Token", keys.rootToken()).status())
                    .isEqualTo(204);
            assertThat(second.put("/v1/sys/seal", "", "X-Vault-Token", keys.rootToken()).status())
                    .isEqualTo(204);
        }

        // A third start after sealing sees the second rotation too.
        try (TestServer third = TestServer.start(new SqliteStorage(db), 1 << 20)) {
            assertThat(third.sealStatus()).containsEntry("sealed", true);
            third.unsealWith(List.of(keys.hex().get(0), keys.hex().get(1)));
            assertThat(third.get("/v1/sys/key-status", "X-Vault-Token", keys.rootToken()).data())
                    .containsEntry("term", 3);
        }
    }

    @Test
    void unsealProgressIsNotKeptAcrossARestart() throws Exception {
        Path db = dir.resolve("progress.db");
        Keys keys;
        try (TestServer first = TestServer.start(new SqliteStorage(db), 1 << 20)) {
            keys = first.init(3, 2);
            assertThat(first.unseal(keys.hex().get(0)).json()).containsEntry("progress", 1);
        }
        try (TestServer second = TestServer.start(new SqliteStorage(db), 1 << 20)) {
            assertThat(second.sealStatus()).containsEntry("progress", 0).containsEntry("nonce", "");
            assertThat(second.unseal(keys.hex().get(1)).json()).containsEntry("progress", 1)
                    .containsEntry("sealed", true);
            assertThat(second.unseal(keys.hex().get(0)).json()).containsEntry("sealed", false);
        }
    }
}
