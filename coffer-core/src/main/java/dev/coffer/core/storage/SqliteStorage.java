package dev.coffer.core.storage;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * {@link Storage} in one SQLite file: table {@code coffer_kv(key TEXT PRIMARY KEY, value BLOB)}.
 *
 * <p>The file runs in WAL mode with {@code synchronous=FULL}, so every {@code put}, {@code delete}
 * and {@code transact} is committed and synced before it returns: it survives a crash of the
 * process and, on a disk that honours fsync, of the machine. A {@code busy_timeout} lets another
 * process hold the write lock briefly.
 *
 * <p>Thread safety: one JDBC connection, guarded by one lock; every call, read or write, holds
 * it for its whole duration. Calls are therefore serialised, which SQLite's single writer would
 * mostly do anyway; concurrent readers in this process wait for each other.
 *
 * <p>Keys are ordered by SQLite's BINARY collation, that is by UTF-8 bytes, which is code point
 * order and the order {@link #list} returns (the same as {@link MemoryStorage}). Error messages
 * name the operation, the key and the file, never a value.
 */
public final class SqliteStorage implements Storage {

    private static final int BUSY_TIMEOUT_MILLIS = 5_000;

    private final Path file;
    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final PreparedStatement selectValue;
    private final PreparedStatement upsert;
    private final PreparedStatement deleteKey;
    private final PreparedStatement selectAllKeys;
    private final PreparedStatement selectKeysFrom;
    private final PreparedStatement selectKeysBetween;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final PreparedStatement rollback;
    private boolean closed;

    /**
     * Opens {@code file}, creating it (owner-only where the file system has POSIX permissions),
     * its missing parent directories and the table as needed.
     */
    public SqliteStorage(Path file) {
        this.file = Objects.requireNonNull(file, "file must not be null").toAbsolutePath();
        createOwnerOnly(this.file);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        Connection opened = null;
        try {
            opened = config.createConnection("jdbc:sqlite:" + this.file);
            try (Statement statement = opened.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS coffer_kv("
                        + "key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID");
            }
            this.connection = opened;
            this.selectValue = opened.prepareStatement("SELECT value FROM coffer_kv WHERE key = ?");
            this.upsert = opened.prepareStatement("INSERT INTO coffer_kv(key, value) VALUES (?, ?) "
                    + "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
            this.deleteKey = opened.prepareStatement("DELETE FROM coffer_kv WHERE key = ?");
            this.selectAllKeys = opened.prepareStatement("SELECT key FROM coffer_kv ORDER BY key");
            this.selectKeysFrom = opened.prepareStatement(
                    "SELECT key FROM coffer_kv WHERE key >= ? ORDER BY key");
            this.selectKeysBetween = opened.prepareStatement(
                    "SELECT key FROM coffer_kv WHERE key >= ? AND key < ? ORDER BY key");
            this.begin = opened.prepareStatement("BEGIN IMMEDIATE");
            this.commit = opened.prepareStatement("COMMIT");
            this.rollback = opened.prepareStatement("ROLLBACK");
        } catch (SQLException e) {
            closeQuietly(opened, e);
            throw new StorageException("sqlite open failed for " + this.file, e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        MemoryStorage.checkKey(key, "key");
        lock.lock();
        try {
            checkOpen();
            selectValue.setString(1, key);
            try (ResultSet rows = selectValue.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                byte[] value = rows.getBytes(1);
                return Optional.of(value == null ? new byte[0] : value);
            }
        } catch (SQLException e) {
            throw failure("get", key, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(String key, byte[] value) {
        MemoryStorage.checkKey(key, "key");
        Objects.requireNonNull(value, () -> "value for key '" + key + "' must not be null");
        lock.lock();
        try {
            checkOpen();
            executePut(key, value);
        } catch (SQLException e) {
            throw failure("put", key, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void delete(String key) {
        MemoryStorage.checkKey(key, "key");
        lock.lock();
        try {
            checkOpen();
            executeDelete(key);
        } catch (SQLException e) {
            throw failure("delete", key, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> list(String prefix) {
        MemoryStorage.checkKey(prefix, "prefix");
        int start = prefix.length();
        List<String> names = new ArrayList<>();
        lock.lock();
        try {
            checkOpen();
            PreparedStatement query = rangeQuery(prefix);
            try (ResultSet rows = query.executeQuery()) {
                String last = null;
                while (rows.next()) {
                    String key = rows.getString(1);
                    int slash = key.indexOf('/', start);
                    String name = slash < 0 ? key.substring(start) : key.substring(start, slash + 1);
                    // Rows come in key order, so the keys under one folder are adjacent.
                    if (!name.equals(last)) {
                        names.add(name);
                        last = name;
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("list", prefix, e);
        } finally {
            lock.unlock();
        }
        return List.copyOf(names);
    }

    @Override
    public void transact(List<StorageOp> ops) {
        Objects.requireNonNull(ops, "ops must not be null");
        for (int i = 0; i < ops.size(); i++) {
            checkOp(ops.get(i), i);
        }
        lock.lock();
        try {
            checkOpen();
            runTransaction(ops);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String type() {
        return "sqlite";
    }

    /** Closes the connection; later calls throw {@link StorageException}. Closing twice is harmless. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            connection.close();
        } catch (SQLException e) {
            throw new StorageException("sqlite close failed for " + file, e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SqliteStorage[" + file + "]";
    }

    /**
     * Runs {@code ops} between explicit BEGIN IMMEDIATE and COMMIT statements (the connection stays
     * in autocommit mode otherwise). IMMEDIATE takes the write lock up front, so the transaction
     * waits out another writer instead of failing midway.
     */
    private void runTransaction(List<StorageOp> ops) {
        try {
            begin.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("sqlite transact could not begin in " + file, e);
        }
        int index = 0;
        try {
            for (; index < ops.size(); index++) {
                StorageOp op = ops.get(index);
                if (op instanceof StorageOp.Put put) {
                    executePut(put.key(), put.value());
                } else {
                    executeDelete(op.key());
                }
            }
            commit.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            String where = index < ops.size()
                    ? "at op " + index + " (" + describe(ops.get(index)) + ")"
                    : "at commit";
            throw new StorageException("sqlite transact of " + ops.size() + " ops failed " + where
                    + " in " + file + "; rolled back", e);
        }
    }

    private void executePut(String key, byte[] value) throws SQLException {
        try {
            upsert.setString(1, key);
            upsert.setBytes(2, value);
            upsert.executeUpdate();
        } finally {
            upsert.clearParameters(); // the statement need not hold on to the value
        }
    }

    private void executeDelete(String key) throws SQLException {
        deleteKey.setString(1, key);
        deleteKey.executeUpdate();
    }

    /** The statement selecting every key that starts with {@code prefix}, bound and ready. */
    private PreparedStatement rangeQuery(String prefix) throws SQLException {
        if (prefix.isEmpty()) {
            return selectAllKeys;
        }
        String upper = upperBound(prefix);
        if (upper == null) {
            selectKeysFrom.setString(1, prefix);
            return selectKeysFrom;
        }
        selectKeysBetween.setString(1, prefix);
        selectKeysBetween.setString(2, upper);
        return selectKeysBetween;
    }

    /**
     * The least string above every string that starts with {@code prefix}, in UTF-8 byte order:
     * the prefix with its last code point incremented (dropping trailing U+10FFFF, skipping the
     * surrogate block). Null when no such string exists. Appending U+FFFF would not do: keys with
     * characters beyond the BMP sort above it.
     */
    static String upperBound(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int i = codePoints.length - 1; i >= 0; i--) {
            if (codePoints[i] < Character.MAX_CODE_POINT) {
                int next = codePoints[i] + 1;
                if (next >= Character.MIN_SURROGATE && next <= Character.MAX_SURROGATE) {
                    next = Character.MAX_SURROGATE + 1;
                }
                codePoints[i] = next;
                return new String(codePoints, 0, i + 1);
            }
        }
        return null;
    }

    private static void checkOp(StorageOp op, int index) {
        if (op == null) {
            throw new NullPointerException("transact op " + index + " must not be null");
        }
        MemoryStorage.checkKey(op.key(), "transact op " + index + " key");
        if (op instanceof StorageOp.Put put && put.value() == null) {
            throw new NullPointerException(
                    "transact op " + index + " (put '" + put.key() + "'): value must not be null");
        }
    }

    private static String describe(StorageOp op) {
        return (op instanceof StorageOp.Put ? "put '" : "delete '") + op.key() + "'";
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException("sqlite storage " + file + " is closed");
        }
    }

    private StorageException failure(String operation, String key, SQLException cause) {
        return new StorageException(
                "sqlite " + operation + " failed for key '" + key + "' in " + file, cause);
    }

    /** Rolls back; after some errors SQLite has already done so and says so, which is recorded. */
    private void rollbackQuietly(Exception failure) {
        try {
            rollback.executeUpdate();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Creates missing parents (owner-only where possible) and the file with mode 0600. */
    private static void createOwnerOnly(Path file) {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = file.getParent();
        try {
            if (parent != null && !Files.isDirectory(parent)) {
                if (posix) {
                    Files.createDirectories(parent, attribute("rwx------"));
                } else {
                    Files.createDirectories(parent);
                }
            }
        } catch (IOException e) {
            throw new StorageException("sqlite cannot create directory " + parent, e);
        }
        try {
            if (posix) {
                Files.createFile(file, attribute("rw-------"));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            // An existing database keeps the permissions its owner gave it.
        } catch (IOException e) {
            throw new StorageException("sqlite cannot create " + file, e);
        }
    }

    private static FileAttribute<?> attribute(String permissions) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions));
    }
}
