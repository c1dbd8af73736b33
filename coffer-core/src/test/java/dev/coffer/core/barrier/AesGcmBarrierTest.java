package dev.coffer.core.barrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.SecretBytes;
import dev.coffer.core.storage.MemoryStorage;
import dev.coffer.core.storage.StorageOp;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AesGcmBarrierTest {
    private static final byte[] SECRET = "s3cr3t-Value-0123456789".getBytes(StandardCharsets.UTF_8);

    private MemoryStorage physical;
    private AesGcmBarrier barrier;
    private SecretBytes rootKey;

    @BeforeEach
    void setUp() {
        physical = new MemoryStorage();
        barrier = new AesGcmBarrier(physical, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
        rootKey = SecretBytes.random(32);
        barrier.initialize(rootKey);
    }

    @Test
    void roundTripsAndStoresNoPlaintext() {
        barrier.put("logical/app/db", SECRET);
        assertThat(barrier.get("logical/app/db")).hasValueSatisfying(v -> assertThat(v).isEqualTo(SECRET));
        byte[] stored = physical.get("logical/app/db").orElseThrow();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
        assertThat(stored.length).isEqualTo(5 + 12 + SECRET.length + 16);
        assertThat(barrier.list("logical/")).containsExactly("app/");
    }

    @Test
    void twoWritesOfTheSameValueDiffer() {
        barrier.put("a", SECRET);
        byte[] first = physical.get("a").orElseThrow();
        barrier.put("a", SECRET);
        assertThat(physical.get("a").orElseThrow()).isNotEqualTo(first);
    }

    @Test
    void everyFlippedBitIsDetected() {
        barrier.put("k", SECRET);
        byte[] stored = physical.get("k").orElseThrow();
        for (int bit = 0; bit < stored.length * 8; bit++) {
            byte[] tampered = stored.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            physical.put("k", tampered);
            assertThatThrownBy(() -> barrier.get("k"))
                    .as("bit %d", bit)
                    .isInstanceOf(CofferException.class)
                    .extracting(e -> ((CofferException) e).kind()).isEqualTo(CofferException.Kind.INTERNAL);
        }
    }

    @Test
    void aValueMovedToAnotherKeyFailsToDecrypt() {
        barrier.put("logical/a", "value-a".getBytes(StandardCharsets.UTF_8));
        barrier.put("logical/b", "value-b".getBytes(StandardCharsets.UTF_8));
        byte[] a = physical.get("logical/a").orElseThrow();
        byte[] b = physical.get("logical/b").orElseThrow();
        physical.put("logical/a", b);
        physical.put("logical/b", a);
        assertThatThrownBy(() -> barrier.get("logical/a")).hasMessageContaining("failed authentication");
        assertThatThrownBy(() -> barrier.get("logical/b")).hasMessageContaining("failed authentication");
    }

    @Test
    void aRelabelledOrUnknownTermFails() {
        barrier.put("k", SECRET);
        barrier.rotate();
        byte[] stored = physical.get("k").orElseThrow();
        ByteBuffer.wrap(stored).putInt(1, 2);
        physical.put("k", stored);
        assertThatThrownBy(() -> barrier.get("k")).hasMessageContaining("failed authentication");
        ByteBuffer.wrap(stored).putInt(1, 99);
        physical.put("k", stored);
        assertThatThrownBy(() -> barrier.get("k")).hasMessageContaining("unknown key term 99");
    }

    @Test
    void rotationWritesWithTheNewTermAndStillReadsOldOnes() {
        barrier.put("old", SECRET);
        KeyStatus s = barrier.rotate();
        assertThat(s.term()).isEqualTo(2);
        barrier.put("new", SECRET);
        assertThat(ByteBuffer.wrap(physical.get("old").orElseThrow()).getInt(1)).isEqualTo(1);
        assertThat(ByteBuffer.wrap(physical.get("new").orElseThrow()).getInt(1)).isEqualTo(2);
        assertThat(barrier.get("old")).hasValueSatisfying(v -> assertThat(v).isEqualTo(SECRET));
        assertThat(barrier.get("new")).hasValueSatisfying(v -> assertThat(v).isEqualTo(SECRET));

        barrier.seal();
        barrier.unseal(rootKey);
        assertThat(barrier.keyStatus().term()).isEqualTo(2);
        assertThat(barrier.get("old")).hasValueSatisfying(v -> assertThat(v).isEqualTo(SECRET));
    }

    @Test
    void sealedRefusesEverythingAndUnsealNeedsTheRightRootKey() {
        barrier.put("k", SECRET);
        barrier.seal();
        assertThat(barrier.isSealed()).isTrue();
        assertThatThrownBy(() -> barrier.get("k")).isInstanceOf(CofferException.class).hasMessage("Vault is sealed");
        assertThatThrownBy(() -> barrier.put("k", SECRET)).hasMessage("Vault is sealed");
        assertThatThrownBy(() -> barrier.list("")).hasMessage("Vault is sealed");
        assertThatThrownBy(() -> barrier.delete("k")).hasMessage("Vault is sealed");
        assertThatThrownBy(() -> barrier.transact(List.of(StorageOp.put("x", SECRET)))).hasMessage("Vault is sealed");
        assertThatThrownBy(barrier::keyStatus).hasMessage("Vault is sealed");
        assertThatThrownBy(barrier::rotate).hasMessage("Vault is sealed");

        assertThatThrownBy(() -> barrier.unseal(SecretBytes.random(32)))
                .hasMessageContaining("does not open the keyring");
        assertThat(barrier.isSealed()).isTrue();
        barrier.unseal(rootKey);
        assertThat(barrier.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(SECRET));
    }

    @Test
    void rawKeysAreNotReachableThroughTheBarrier() {
        assertThatThrownBy(() -> barrier.put("raw/keyring", SECRET)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> barrier.get("raw/keyring")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> barrier.delete("raw/keyring")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> barrier.transact(List.of(StorageOp.delete("raw/keyring"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(barrier.list("")).doesNotContain("raw/");
        assertThat(physical.get("raw/keyring")).isPresent();
    }

    @Test
    void transactionsAreEncryptedToo() {
        barrier.transact(List.of(StorageOp.put("t/1", SECRET), StorageOp.put("t/2", SECRET), StorageOp.delete("t/1")));
        assertThat(barrier.get("t/1")).isEmpty();
        assertThat(barrier.get("t/2")).hasValueSatisfying(v -> assertThat(v).isEqualTo(SECRET));
        assertThat(new String(physical.get("t/2").orElseThrow(), StandardCharsets.ISO_8859_1)).doesNotContain("s3cr3t");
    }

    @Test
    void keyringAndKeysNeverPrint() {
        assertThat(rootKey.toString()).isEqualTo("[redacted]");
        assertThat(Keyring.create(Instant.EPOCH).toString()).contains("[redacted]").doesNotContainPattern("[0-9a-f]{32}");
    }
}
