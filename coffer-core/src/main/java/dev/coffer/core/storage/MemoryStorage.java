package dev.coffer.core.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link Storage} held in memory: for tests and {@code coffer server -dev}. Nothing survives the
 * process, so "durable" here means visible to every later call.
 *
 * <p>Keys are ordered by Unicode code point, which is the order of their UTF-8 bytes: the order
 * Vault lists in and the order {@link SqliteStorage} gets from SQLite, so both storages list
 * identically. A read-write lock makes {@link #transact} atomic for readers as well: a concurrent
 * {@code get} or {@code list} sees all of a transaction or none of it. Values are copied on the way
 * in and on the way out, so callers may reuse or zero their arrays.
 */
public final class MemoryStorage implements Storage {

    /** Compares strings by code point rather than by UTF-16 unit (they differ above U+E000). */
    static final Comparator<String> CODE_POINT_ORDER = MemoryStorage::compareCodePoints;

    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final TreeMap<String, byte[]> entries = new TreeMap<>(CODE_POINT_ORDER);
    private boolean closed;

    @Override
    public Optional<byte[]> get(String key) {
        checkKey(key, "key");
        lock.readLock().lock();
        try {
            checkOpen();
            byte[] value = entries.get(key);
            return value == null ? Optional.empty() : Optional.of(value.clone());
        } finally {
            lock.readLock().unlock();
        }
    }

    @Override
    public void put(String key, byte[] value) {
        checkKey(key, "key");
        Objects.requireNonNull(value, () -> "value for key '" + key + "' must not be null");
        byte[] copy = value.clone();
        lock.writeLock().lock();
        try {
            checkOpen();
            entries.put(key, copy);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void delete(String key) {
        checkKey(key, "key");
        lock.writeLock().lock();
        try {
            checkOpen();
            entries.remove(key);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public List<String> list(String prefix) {
        checkKey(prefix, "prefix");
        int start = prefix.length();
        List<String> names = new ArrayList<>();
        lock.readLock().lock();
        try {
            checkOpen();
            String key = entries.ceilingKey(prefix);
            while (key != null && key.startsWith(prefix)) {
                int slash = key.indexOf('/', start);
                if (slash < 0) {
                    names.add(key.substring(start));
                    key = entries.higherKey(key);
                } else {
                    names.add(key.substring(start, slash + 1));
                    // '0' follows '/', so this skips every key below the folder in one step.
                    key = entries.ceilingKey(key.substring(0, slash) + '0');
                }
            }
        } finally {
            lock.readLock().unlock();
        }
        return List.copyOf(names);
    }

    @Override
    public void transact(List<StorageOp> ops) {
        Objects.requireNonNull(ops, "ops must not be null");
        List<StorageOp> checked = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            checked.add(checkedCopy(ops.get(i), i));
        }
        lock.writeLock().lock();
        try {
            checkOpen();
            for (StorageOp op : checked) {
                if (op instanceof StorageOp.Put put) {
                    entries.put(put.key(), put.value());
                } else {
                    entries.remove(op.key());
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String type() {
        return "memory";
    }

    /** Drops every entry; later calls throw {@link StorageException}. Closing twice is harmless. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            entries.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "MemoryStorage";
    }

    /** Validates op {@code index} and, for a put, copies its value so later changes cannot leak in. */
    private static StorageOp checkedCopy(StorageOp op, int index) {
        if (op == null) {
            throw new NullPointerException("transact op " + index + " must not be null");
        }
        checkKey(op.key(), "transact op " + index + " key");
        if (op instanceof StorageOp.Put put) {
            if (put.value() == null) {
                throw new NullPointerException(
                        "transact op " + index + " (put '" + put.key() + "'): value must not be null");
            }
            return new StorageOp.Put(put.key(), put.value().clone());
        }
        return op;
    }

    private void checkOpen() {
        if (closed) {
            throw new StorageException("memory storage is closed");
        }
    }

    /**
     * Rejects null and malformed UTF-16. An unpaired surrogate has no UTF-8 form, so SQLite would
     * store a different key than the one given; refusing it here keeps the two storages alike.
     */
    static void checkKey(String key, String field) {
        if (key == null) {
            throw new NullPointerException(field + " must not be null");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < Character.MIN_SURROGATE) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < key.length()
                    && Character.isLowSurrogate(key.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException(
                        field + " has an unpaired UTF-16 surrogate at index " + i);
            }
        }
    }

    private static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointRank(x) - codePointRank(y);
            }
        }
        return a.length() - b.length();
    }

    /** Moves surrogates above U+E000..U+FFFF so UTF-16 units compare in code point order. */
    private static int codePointRank(char c) {
        if (c >= 0xE000) {
            return c - 0x800;
        }
        if (c >= 0xD800) {
            return c + 0x2000;
        }
        return c;
    }
}
