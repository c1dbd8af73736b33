package dev.coffer.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryStorageTest extends StorageContractTest {

    @Override
    protected Storage newStorage() {
        return new MemoryStorage();
    }

    @Test
    void typeIsMemory() {
        assertThat(storage.type()).isEqualTo("memory");
    }
}
