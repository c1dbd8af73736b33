package dev.coffer.core.logical;

/** Makes a backend of one type for a mount. Engines and auth methods register one each. */
public interface BackendFactory {
    /** The mount type: {@code kv}, {@code transit}, {@code jwt}, ... */
    String type();

    Backend create(BackendContext context);

    /** Options accepted at mount time (e.g. {@code version}); others are refused. */
    default java.util.Set<String> options() {
        return java.util.Set.of();
    }
}
