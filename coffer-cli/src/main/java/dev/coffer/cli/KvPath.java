package dev.coffer.cli;

import dev.coffer.client.CofferClient;
import dev.coffer.client.CofferClient.Reply;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a {@code coffer kv} command's secret lives, found as Vault's CLI finds it: ask the server
 * which mount serves the path ({@code GET sys/internal/ui/mounts/<path>}) and its KV version; a 404
 * or 403 means "assume version 1". For version 2 the API path gets {@code data/}, {@code metadata/}
 * and so on after the mount: {@code secret/app/db} becomes {@code secret/data/app/db}.
 */
final class KvPath {
    private final String mountPath;
    private final boolean v2;
    private final String partial;
    private final String mountFlag;

    private KvPath(String mountPath, boolean v2, String partial, String mountFlag) {
        this.mountPath = mountPath;
        this.v2 = v2;
        this.partial = partial;
        this.mountFlag = mountFlag;
    }

    /** {@code -mount}, shared by the kv commands. */
    static final class MountOption {
        @Option(names = {"-mount", "--mount"}, paramLabel = "MOUNT",
                description = "Where the KV engine is mounted, e.g. secret. With it, KEY is the secret's path inside the "
                        + "mount (app/db); without it, KEY is the mount and path together (secret/app/db).")
        String mount;
    }

    /**
     * @param mountFlag {@code -mount}, or null
     * @param key       the KEY argument (may be empty with {@code -mount})
     */
    static KvPath resolve(CofferClient c, String mountFlag, String key) {
        boolean mountSyntax = mountFlag != null && !mountFlag.isBlank();
        String partial = ApiCommand.sanitize(key == null ? "" : key);
        String probe = mountSyntax ? ApiCommand.sanitize(mountFlag) : partial;
        Reply r = c.send("GET", "sys/internal/ui/mounts/" + probe, null);
        if (r.status() == 404 || r.status() == 403) {
            return new KvPath("", false, partial, mountSyntax ? ApiCommand.sanitize(mountFlag) : null);
        }
        Map<String, Object> data = Logical.data(r.orThrow());
        String mountPath = data != null && data.get("path") instanceof String s ? s : "";
        boolean v2 = data != null && data.get("options") instanceof Map<?, ?> o && "2".equals(String.valueOf(o.get("version")));
        if (v2 && mountSyntax) {
            partial = join(mountPath, partial);
        }
        return new KvPath(mountPath, v2, partial, mountSyntax ? ApiCommand.sanitize(mountFlag) : null);
    }

    boolean v2() {
        return v2;
    }

    /** The API path: for version 2 with {@code apiPrefix} after the mount; for version 1 the path itself. */
    String api(String apiPrefix) {
        if (!v2) {
            if (mountFlag != null) {
                return join(mountPath.isEmpty() ? mountFlag : mountPath, partial);
            }
            return partial;
        }
        String trimmedMount = mountPath.endsWith("/") ? mountPath.substring(0, mountPath.length() - 1) : mountPath;
        if (partial.equals(mountPath) || partial.equals(trimmedMount)) {
            return join(mountPath, apiPrefix);
        }
        String suffix = partial.startsWith(mountPath) ? partial.substring(mountPath.length()) : partial;
        return join(mountPath, apiPrefix, suffix);
    }

    /** Go's {@code path.Join}: non-empty parts joined with single slashes, no trailing slash. */
    static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p == null || p.isEmpty()) {
                continue;
            }
            if (b.length() > 0) {
                b.append('/');
            }
            b.append(p);
        }
        String s = b.toString().replaceAll("/{2,}", "/");
        return s.endsWith("/") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }
}
