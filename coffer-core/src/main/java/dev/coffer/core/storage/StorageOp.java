package dev.coffer.core.storage;

/** One step of an atomic {@link Storage#transact} call. */
public sealed interface StorageOp {

    String key();

    /** Copies {@code value}: changing the caller's array afterwards does not change the operation. */
    record Put(String key, byte[] value) implements StorageOp {
        public Put {
            java.util.Objects.requireNonNull(key, "key");
            value = java.util.Objects.requireNonNull(value, "value").clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Put p && p.key.equals(key) && java.util.Arrays.equals(p.value, value);
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + java.util.Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Put[" + key + ", " + value.length + " bytes]";
        }
    }

    record Delete(String key) implements StorageOp {
        public Delete {
            java.util.Objects.requireNonNull(key, "key");
        }
    }

    static StorageOp put(String key, byte[] value) {
        return new Put(key, value);
    }

    static StorageOp delete(String key) {
        return new Delete(key);
    }
}
