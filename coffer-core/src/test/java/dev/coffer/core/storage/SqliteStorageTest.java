package dev.coffer.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStorageTest extends StorageContractTest {

    @TempDir
    Path dir;

    @Override
    protected Storage newStorage() {
        return new SqliteStorage(dir.resolve("coffer.db"));
    }

    @Test
    void typeIsSqlite() {
        assertThat(storage.type()).isEqualTo("sqlite");
    }

    @Test
    void dataSurvivesClosingAndReopening() {
        storage.put("a/b", bytes("1"));
        storage.transact(List.of(StorageOp.put("a/c", bytes("2")), StorageOp.put("d", bytes("3"))));
        storage.delete("d");
        storage.close();

        try (Storage reopened = new SqliteStorage(dir.resolve("coffer.db"))) {
            assertThat(reopened.list("a/")).containsExactly("b", "c");
            assertThat(reopened.get("a/c")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("2")));
            assertThat(reopened.get("d")).isEmpty();
        }
    }

    @Test
    void createsMissingParentsAndAnOwnerOnlyFile() throws Exception {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
        Path file = dir.resolve("deep/er/coffer.db");

        try (Storage created = new SqliteStorage(file)) {
            created.put("k", bytes("v"));

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            Path wal = dir.resolve("deep/er/coffer.db-wal");
            assertThat(wal).exists();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                    .isEqualTo("rwx------");
        }
    }

    @Test
    void aParentThatIsAFileIsReportedClearly() throws Exception {
        Files.writeString(dir.resolve("plain"), "not a directory");

        assertThatThrownBy(() -> new SqliteStorage(dir.resolve("plain/coffer.db")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("plain");
    }

    /**
     * A trigger installed behind the storage's back makes SQLite itself refuse the third write of
     * a transaction; the first two must be rolled back, and the error must name the key only.
     */
    @Test
    void transactFailingInsideSqliteRollsBackAndNamesTheKeyButNotTheValue() throws Exception {
        storage.put("x", bytes("old"));
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("coffer.db"));
                Statement statement = raw.createStatement()) {
            statement.execute("CREATE TRIGGER refuse_poison BEFORE INSERT ON coffer_kv "
                    + "WHEN NEW.key = 'poison' BEGIN SELECT RAISE(ABORT, 'refused'); END");
        }

        List<StorageOp> ops = List.of(
                StorageOp.put("x", bytes("new")),
                StorageOp.put("fresh", bytes("fresh")),
                StorageOp.put("poison", bytes("hunter2-secret")));

        assertThatThrownBy(() -> storage.transact(ops))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("poison")
                .hasMessageContaining("op 2")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2");
                    }
                });
        assertThat(storage.get("x")).hasValueSatisfying(v -> assertThat(v).isEqualTo(bytes("old")));
        assertThat(storage.list("")).containsExactly("x");

        assertThatThrownBy(() -> storage.put("poison", bytes("hunter2-secret")))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("put")
                .hasMessageContaining("poison")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));

        storage.put("after", bytes("ok"));
        storage.close();
        try (Storage reopened = new SqliteStorage(dir.resolve("coffer.db"))) {
            assertThat(reopened.list("")).containsExactly("after", "x");
        }
    }
}
