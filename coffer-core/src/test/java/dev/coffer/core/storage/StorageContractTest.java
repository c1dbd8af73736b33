package dev.coffer.core.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link Storage} must do; one subclass per implementation supplies the instance. */
abstract class StorageContractTest {

    protected Storage storage;

    /** A fresh, empty storage; the test closes it. */
    protected abstract Storage newStorage();

    @BeforeEach
    void open() {
        storage = newStorage();
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    @Test
    void missingKeyReadsAsEmpty() {
        assertThat(storage.get("nope")).isEmpty();
    }

    @Test
    void putThenGetReturnsTheValue() {
        storage.put("logical/3f2c/app/db", bytes("s3cret"));

        assertThat(storage.get("logical/3f2c/app/db")).hasValueSatisfying(
                v -> assertThat(v).isEqualTo(bytes("s3cret")));
    }

    @Test
    void emptyAndBinaryValuesRoundTrip() {
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        storage.put("empty", new byte[0]);
        storage.put("binary", binary);

        assertThat(storage.get("empty")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(storage.get("binary")).hasValueSatisfying(v -> assertThat(v).isEqualTo(binary));
    }

    @Test
    void putOverwrites() {
        storage.put("k", bytes("one"));
        storage.put("k", bytes("two"));

        assertThat(storage.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("two")));
        assertThat(storage.list("")).containsExactly("k");
    }

    @Test
    void deleteRemovesTheKeyAndDeletingAMissingKeyIsFine() {
        storage.put("k", bytes("v"));
        storage.delete("k");

        assertThat(storage.get("k")).isEmpty();
        assertThatCode(() -> storage.delete("k")).doesNotThrowAnyException();
        assertThatCode(() -> storage.delete("never/was")).doesNotThrowAnyException();
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void listShowsImmediateChildrenSortedWithEachFolderOnce() {
        for (String key : List.of("b/f", "a", "b/d/e", "c/x/y", "aa", "b/c", "b/d/g")) {
            storage.put(key, bytes(key));
        }

        assertThat(storage.list("")).containsExactly("a", "aa", "b/", "c/");
        assertThat(storage.list("b/")).containsExactly("c", "d/", "f");
        assertThat(storage.list("b/d/")).containsExactly("e", "g");
        assertThat(storage.list("c/")).containsExactly("x/");
        assertThat(storage.list("missing/")).isEmpty();
    }

    @Test
    void listOfAnEmptyStorageIsEmpty() {
        assertThat(storage.list("")).isEmpty();
        assertThat(storage.list("a/")).isEmpty();
    }

    @Test
    void listDoesNotLeakSiblingsThatShareTheStringPrefix() {
        for (String key : List.of("a/x", "ab/y", "a-b", "a0", "a.c/z", "b/a/q")) {
            storage.put(key, bytes(key));
        }

        assertThat(storage.list("a/")).containsExactly("x");
        assertThat(storage.list("ab/")).containsExactly("y");
        assertThat(storage.list("")).containsExactly("a-b", "a.c/", "a/", "a0", "ab/", "b/");
    }

    @Test
    void listSeesDeletesAndFolderDisappearsWithItsLastKey() {
        storage.put("d/one", bytes("1"));
        storage.put("d/two", bytes("2"));
        storage.delete("d/one");

        assertThat(storage.list("d/")).containsExactly("two");

        storage.delete("d/two");

        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void likeWildcardsAndUnicodeAreOrdinaryCharacters() {
        List<String> keys = List.of("100%/a", "100x/b", "a_b/c", "aXb/d", "a%", "a_", "ünï/çø😀", "日本/鍵");
        for (String key : keys) {
            storage.put(key, bytes("v:" + key));
        }

        for (String key : keys) {
            assertThat(storage.get(key)).as(key)
                    .hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("v:" + key)));
        }
        assertThat(storage.get("a%b")).isEmpty();
        assertThat(storage.list("100%/")).containsExactly("a");
        assertThat(storage.list("a_b/")).containsExactly("c");
        assertThat(storage.list("ünï/")).containsExactly("çø😀");
        assertThat(storage.list("")).containsExactly(
                "100%/", "100x/", "a%", "aXb/", "a_", "a_b/", "ünï/", "日本/");
    }

    @Test
    void listSortsByCodePointAndHandlesCharactersBeyondTheBasicPlane() {
        String maxCodePoint = new String(Character.toChars(Character.MAX_CODE_POINT));
        for (String key : List.of("u/z", "u/\uFF01", "u/😀", "u/😀/deep", "p😀/a", "p😀b",
                "p\uFFFF", "p" + maxCodePoint + "/z", maxCodePoint + "a", maxCodePoint + maxCodePoint,
                "\uD7FFa", "\uE000")) {
            storage.put(key, bytes(key));
        }

        // UTF-8 byte order: U+FF01 < U+1F600 < U+10FFFF, whatever UTF-16 says.
        assertThat(storage.list("u/")).containsExactly("z", "\uFF01", "😀", "😀/");
        assertThat(storage.list("p😀/")).containsExactly("a");
        assertThat(storage.list("p")).containsExactly("\uFFFF", "😀/", "😀b", maxCodePoint + "/");
        assertThat(storage.list("p" + maxCodePoint + "/")).containsExactly("z");
        assertThat(storage.list(maxCodePoint)).containsExactly("a", maxCodePoint);
        assertThat(storage.list("\uD7FF")).containsExactly("a");
    }

    @Test
    void keysWithControlCharactersRoundTrip() {
        storage.put("nul\0key", bytes("a"));
        storage.put("nul", bytes("b"));

        assertThat(storage.get("nul\0key")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("a")));
        assertThat(storage.list("")).containsExactly("nul", "nul\0key");
    }

    @Test
    void transactAppliesEveryOpInOrder() {
        storage.put("gone", bytes("old"));

        storage.transact(List.of(
                StorageOp.put("a", bytes("1")),
                StorageOp.put("b", bytes("2")),
                StorageOp.delete("a"),
                StorageOp.put("c/d", bytes("3")),
                StorageOp.put("b", bytes("4")),
                StorageOp.delete("gone"),
                StorageOp.delete("never")));

        assertThat(storage.get("a")).isEmpty();
        assertThat(storage.get("gone")).isEmpty();
        assertThat(storage.get("b")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("4")));
        assertThat(storage.get("c/d")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("3")));
        assertThat(storage.list("")).containsExactly("b", "c/");
    }

    @Test
    void emptyTransactIsFine() {
        assertThatCode(() -> storage.transact(List.of())).doesNotThrowAnyException();
    }

    @Test
    void transactWithAnInvalidOpChangesNothing() {
        storage.put("x", bytes("old"));
        storage.put("y", bytes("keep"));

        // A null value cannot even be made into an operation; a null operation in the list is refused whole.
        assertThatThrownBy(() -> StorageOp.put("z", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("value");
        List<StorageOp> ops = java.util.Arrays.asList(
                StorageOp.put("x", bytes("new")),
                StorageOp.delete("y"),
                null);

        assertThatThrownBy(() -> storage.transact(ops))
                .isInstanceOfAny(NullPointerException.class, IllegalArgumentException.class)
                .hasMessageContaining("op 2");
        assertUnchanged();
    }

    @Test
    void transactWithANullOpOrMalformedKeyChangesNothing() {
        storage.put("x", bytes("old"));
        storage.put("y", bytes("keep"));

        assertThatThrownBy(() -> storage.transact(Arrays.asList(StorageOp.put("x", bytes("new")), null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("op 1");
        assertThatThrownBy(() -> storage.transact(List.of(
                StorageOp.delete("y"), StorageOp.put("bad\uD800", bytes("v")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("op 1");
        assertUnchanged();
    }

    private void assertUnchanged() {
        assertThat(storage.get("x")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("old")));
        assertThat(storage.get("y")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("keep")));
        assertThat(storage.list("")).containsExactly("x", "y");
    }

    @Test
    void storedValuesAreCopies() {
        byte[] value = bytes("original");
        storage.put("put", value);
        byte[] batched = bytes("original");
        storage.transact(List.of(StorageOp.put("batched", batched)));

        Arrays.fill(value, (byte) 0);
        Arrays.fill(batched, (byte) 0);
        storage.get("put").orElseThrow()[0] = 'X';

        assertThat(storage.get("put")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("original")));
        assertThat(storage.get("batched")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("original")));
    }

    @Test
    void nullArgumentsAreRejectedWithTheFieldNamed() {
        assertThatThrownBy(() -> storage.put(null, bytes("v"))).hasMessageContaining("key");
        assertThatThrownBy(() -> storage.put("k", null)).hasMessageContaining("value");
        assertThatThrownBy(() -> storage.get(null)).hasMessageContaining("key");
        assertThatThrownBy(() -> storage.delete(null)).hasMessageContaining("key");
        assertThatThrownBy(() -> storage.list(null)).hasMessageContaining("prefix");
        assertThatThrownBy(() -> storage.transact(null)).hasMessageContaining("ops");
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void keysThatAreNotValidUnicodeAreRejected() {
        assertThatThrownBy(() -> storage.put("lone\uD800", bytes("v")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("surrogate");
        assertThatThrownBy(() -> storage.put("\uDC00lone", bytes("v")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.list("")).isEmpty();
    }

    @Test
    void callsAfterCloseFailAndClosingTwiceIsHarmless() {
        storage.put("k", bytes("v"));
        storage.close();

        assertThatThrownBy(() -> storage.get("k")).isInstanceOf(StorageException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> storage.put("k", bytes("v"))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.delete("k")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.list("")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> storage.transact(List.of(StorageOp.delete("k"))))
                .isInstanceOf(StorageException.class);
        assertThatCode(storage::close).doesNotThrowAnyException();
    }

    @Test
    void typeIsAShortName() {
        assertThat(storage.type()).matches("[a-z]+");
    }

    /** Readers never see half a transaction: the folder is listed with both keys or not at all. */
    @Test
    void concurrentReadersSeeTransactionsWhole() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(3);
        AtomicBoolean writing = new AtomicBoolean(true);
        try {
            Callable<List<List<String>>> reader = () -> {
                List<List<String>> torn = new ArrayList<>();
                while (writing.get()) {
                    List<String> seen = storage.list("pair/");
                    if (!seen.isEmpty() && !seen.equals(List.of("left", "right"))) {
                        torn.add(seen);
                    }
                }
                return torn;
            };
            Future<List<List<String>>> first = threads.submit(reader);
            Future<List<List<String>>> second = threads.submit(reader);
            Future<?> writer = threads.submit(() -> {
                try {
                    for (int i = 0; i < 150; i++) {
                        storage.transact(List.of(
                                StorageOp.put("pair/left", new byte[] {(byte) i}),
                                StorageOp.put("pair/right", new byte[] {(byte) i})));
                        storage.transact(List.of(
                                StorageOp.delete("pair/left"), StorageOp.delete("pair/right")));
                    }
                } finally {
                    writing.set(false);
                }
            });

            writer.get(30, TimeUnit.SECONDS);
            assertThat(first.get(30, TimeUnit.SECONDS)).isEmpty();
            assertThat(second.get(30, TimeUnit.SECONDS)).isEmpty();
            assertThat(storage.list("")).isEmpty();
        } finally {
            writing.set(false);
            stop(threads);
        }
    }

    private static void stop(ExecutorService threads) throws InterruptedException {
        threads.shutdownNow();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
}
