package dev.coffer.core.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Storage} seen through a key prefix: a backend sees only its own keys
 * ({@code logical/<mount-uuid>/...}) and cannot name another mount's.
 */
public final class StorageView implements Storage {
    private final Storage inner;
    private final String prefix;

    public StorageView(Storage inner, String prefix) {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("a view prefix ends with /: " + prefix);
        }
        this.inner = inner;
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    private String full(String key) {
        if (key == null) {
            throw new NullPointerException("key must not be null");
        }
        return prefix + key;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return inner.get(full(key));
    }

    @Override
    public void put(String key, byte[] value) {
        inner.put(full(key), value);
    }

    @Override
    public void delete(String key) {
        inner.delete(full(key));
    }

    @Override
    public List<String> list(String p) {
        return inner.list(full(p));
    }

    @Override
    public void transact(List<StorageOp> ops) {
        List<StorageOp> mapped = new ArrayList<>(ops.size());
        for (StorageOp op : ops) {
            mapped.add(op instanceof StorageOp.Put p ? StorageOp.put(full(p.key()), p.value()) : StorageOp.delete(full(op.key())));
        }
        inner.transact(mapped);
    }

    /** Deletes every key of the view, in batches (disabling a mount removes its data). */
    public void clear() {
        clearFolder("");
    }

    private void clearFolder(String folder) {
        List<StorageOp> batch = new ArrayList<>();
        for (String name : list(folder)) {
            if (name.endsWith("/")) {
                clearFolder(folder + name);
            } else {
                batch.add(StorageOp.delete(folder + name));
                if (batch.size() == 500) {
                    transact(batch);
                    batch.clear();
                }
            }
        }
        if (!batch.isEmpty()) {
            transact(batch);
        }
    }

    @Override
    public String type() {
        return inner.type();
    }

    /** A view does not own the storage below it. */
    @Override
    public void close() {
    }
}
