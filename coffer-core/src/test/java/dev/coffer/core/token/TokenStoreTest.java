package dev.coffer.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.storage.MemoryStorage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenStoreTest {

    @Test
    void rootTokenIsFoundByItsIdAndStoredOnlyAsAKeyedHash() {
        MemoryStorage storage = new MemoryStorage();
        TokenStore store = TokenStore.initialize(storage, Clock.systemUTC());
        TokenStore.CreatedToken root = store.createRoot(Optional.empty());

        assertThat(store.lookup(root.clientToken())).hasValueSatisfying(e -> {
            assertThat(e.policies()).containsExactly("root");
            assertThat(e.isRoot()).isTrue();
            assertThat(e.ttl()).isZero();
            assertThat(e.accessor()).hasSize(24);
        });
        for (String key : storage.list(TokenStore.ID_PREFIX)) {
            assertThat(key).doesNotContain(root.clientToken()).matches("[0-9a-f]{64}");
            String value = new String(storage.get(TokenStore.ID_PREFIX + key).orElseThrow(), StandardCharsets.UTF_8);
            assertThat(value).doesNotContain(root.clientToken());
        }
        assertThat(root.toString()).doesNotContain(root.clientToken());
    }

    @Test
    void unknownMalformedAndEmptyTokensFindNothing() {
        TokenStore store = TokenStore.initialize(new MemoryStorage(), Clock.systemUTC());
        store.createRoot(Optional.of("root"));
        assertThat(store.lookup("root")).isPresent();
        assertThat(store.lookup("Root")).isEmpty();
        assertThat(store.lookup("")).isEmpty();
        assertThat(store.lookup(null)).isEmpty();
        assertThat(store.lookup("x".repeat(10_000))).isEmpty();
        assertThat(store.lookup(TokenIds.newServiceToken())).isEmpty();
    }

    @Test
    void theHmacKeySurvivesReload() {
        MemoryStorage storage = new MemoryStorage();
        String id = TokenStore.initialize(storage, Clock.systemUTC()).createRoot(Optional.empty()).clientToken();
        assertThat(TokenStore.load(storage, Clock.systemUTC()).lookup(id)).isPresent();
    }
}
