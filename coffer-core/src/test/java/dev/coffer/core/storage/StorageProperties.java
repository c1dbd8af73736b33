package dev.coffer.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random sequences of puts, deletes and transactions leave each storage agreeing with a plain
 * sorted map: the same values under {@code get}, the same names under {@code list}.
 */
class StorageProperties {

    /** Keys compare by code point, as Vault (Go's sort.Strings over UTF-8) lists them. */
    private static final Comparator<String> CODE_POINTS =
            (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

    sealed interface Action {}

    record Put(String key, byte[] value) implements Action {
        @Override
        public String toString() {
            return "put " + key + " " + Arrays.toString(value);
        }
    }

    record Delete(String key) implements Action {
        @Override
        public String toString() {
            return "delete " + key;
        }
    }

    record Batch(List<Action> steps) implements Action {}

    @Property(tries = 50)
    void memoryStorageAgreesWithAModel(@ForAll("actions") List<Action> actions) {
        try (Storage storage = new MemoryStorage()) {
            checkAgainstModel(storage, actions);
        }
    }

    @Property(tries = 50)
    void sqliteStorageAgreesWithAModel(@ForAll("actions") List<Action> actions) throws IOException {
        Path dir = Files.createTempDirectory("coffer-storage-property");
        try (Storage storage = new SqliteStorage(dir.resolve("coffer.db"))) {
            checkAgainstModel(storage, actions);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    private static void checkAgainstModel(Storage storage, List<Action> actions) {
        TreeMap<String, byte[]> model = new TreeMap<>(CODE_POINTS);
        Set<String> touched = new HashSet<>();
        for (Action action : actions) {
            apply(action, storage, model, touched);
        }

        for (String key : touched) {
            byte[] expected = model.get(key);
            if (expected == null) {
                assertThat(storage.get(key)).as("get %s", key).isEmpty();
            } else {
                assertThat(storage.get(key)).as("get %s", key)
                        .hasValueSatisfying(v -> assertThat(v).isEqualTo(expected));
            }
        }
        Set<String> prefixes = new TreeSet<>(List.of("", "a", "a/", "b/", "%/", "_/"));
        for (String key : model.keySet()) {
            for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
                prefixes.add(key.substring(0, slash + 1));
            }
        }
        for (String prefix : prefixes) {
            assertThat(storage.list(prefix)).as("list %s", prefix).isEqualTo(expectedList(model, prefix));
        }
    }

    private static void apply(Action action, Storage storage, Map<String, byte[]> model, Set<String> touched) {
        if (action instanceof Put put) {
            storage.put(put.key(), put.value());
            model.put(put.key(), put.value().clone());
            touched.add(put.key());
        } else if (action instanceof Delete delete) {
            storage.delete(delete.key());
            model.remove(delete.key());
            touched.add(delete.key());
        } else if (action instanceof Batch batch) {
            List<StorageOp> ops = new ArrayList<>();
            for (Action step : batch.steps()) {
                if (step instanceof Put put) {
                    ops.add(StorageOp.put(put.key(), put.value()));
                    model.put(put.key(), put.value().clone());
                } else if (step instanceof Delete delete) {
                    ops.add(StorageOp.delete(delete.key()));
                    model.remove(delete.key());
                }
            }
            ops.forEach(op -> touched.add(op.key()));
            storage.transact(ops);
        }
    }

    /** Vault's list, computed the obvious way: every key under the prefix, cut after one level. */
    private static List<String> expectedList(Map<String, byte[]> model, String prefix) {
        TreeSet<String> names = new TreeSet<>(CODE_POINTS);
        for (String key : model.keySet()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        return List.copyOf(names);
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<String> segment = Arbitraries.of("a", "b", "ab", "%", "_", "é", "😀", "\uFF01", "a-")
                .list().ofMinSize(1).ofMaxSize(2).map(parts -> String.join("", parts));
        Arbitrary<String> key = segment.list().ofMinSize(1).ofMaxSize(3).map(parts -> String.join("/", parts));
        Arbitrary<byte[]> value = Arbitraries.bytes().array(byte[].class).ofMaxSize(6);
        Arbitrary<Action> put = Combinators.combine(key, value).as(Put::new);
        Arbitrary<Action> delete = key.map(Delete::new);
        Arbitrary<Action> step = Arbitraries.frequencyOf(
                Tuple.of(3, put), Tuple.of(1, delete));
        Arbitrary<Action> batch = step.list().ofMaxSize(5).map(Batch::new);
        return Arbitraries.frequencyOf(Tuple.of(6, put), Tuple.of(3, delete), Tuple.of(1, batch))
                .list().ofMaxSize(40);
    }
}
