package dev.coffer.cli.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * {@code coffer.yaml}: which variables get which secrets, for every environment and per
 * environment.
 *
 * <pre>
 * version: 1                        # optional; the only version there is
 * secrets:                          # every environment
 *   DB_USER: coffer://secret/app/db#username
 * environments:
 *   production:                     # coffer run --env production
 *     DB_PASSWORD: coffer://secret/prod/db#password
 *     TLS_KEY:                      # a file instead of a variable
 *       ref: coffer://secret/prod/tls#key
 *       file: true
 * </pre>
 *
 * An environment's entries win over {@code secrets} entries of the same name. Unknown keys are
 * errors (a typo such as {@code flie: true} must not silently put a key into a variable).
 */
public final class RunConfig {
    /** The file {@code coffer run} reads from the working directory when {@code --config} is not given. */
    public static final String DEFAULT_FILE = "coffer.yaml";

    private static final Set<String> TOP_KEYS = Set.of("version", "secrets", "environments");
    private static final Set<String> ENTRY_KEYS = Set.of("ref", "file");

    private RunConfig() {}

    /**
     * The injections {@code file} asks for in {@code environment} (null: the {@code secrets}
     * section only).
     *
     * @throws RunFailure naming the file, the entry and the problem
     */
    public static List<Injection> load(Path file, String environment) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RunFailure("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new RunFailure("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString(), environment);
    }

    /** {@link #load} for text already read; {@code label} names it in messages. */
    public static List<Injection> parse(String text, String label, String environment) {
        Object root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(label).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(10).setCodePointLimit(1 << 20).build();
            root = new Load(settings).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new RunFailure("config file " + label + " is not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            root = Map.of();
        }
        Map<String, Object> top = map(root, label, "the top level");
        for (String key : top.keySet()) {
            if (!TOP_KEYS.contains(key)) {
                throw fail(label, key, "unknown key (expected version, secrets, environments)");
            }
        }
        Object version = top.get("version");
        if (version != null && !(version instanceof Integer i && i == 1)) {
            throw fail(label, "version", "only version 1 exists");
        }
        Map<String, Injection> out = new LinkedHashMap<>();
        if (top.get("secrets") != null) {
            entries(out, map(top.get("secrets"), label, "secrets"), label, "secrets");
        }
        Map<String, Object> environments = top.get("environments") == null ? Map.of()
                : map(top.get("environments"), label, "environments");
        if (environment != null) {
            Object env = environments.get(environment);
            if (!environments.containsKey(environment)) {
                throw new RunFailure("config file " + label + " has no environment '" + environment + "'"
                        + (environments.isEmpty() ? "" : " (it has: " + String.join(", ", new TreeSet<>(environments.keySet())) + ")"));
            }
            String where = "environments." + environment;
            if (env != null) {
                entries(out, map(env, label, where), label, where);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void entries(Map<String, Injection> out, Map<String, Object> section, String label, String where) {
        for (Map.Entry<String, Object> e : section.entrySet()) {
            String at = where + "." + e.getKey();
            String name = Injection.checkName(e.getKey(), "config file " + label + ", " + at);
            Object v = e.getValue();
            String ref;
            boolean file = false;
            if (v instanceof String s) {
                ref = s;
            } else if (v instanceof Map<?, ?>) {
                Map<String, Object> m = map(v, label, at);
                for (String k : m.keySet()) {
                    if (!ENTRY_KEYS.contains(k)) {
                        throw fail(label, at + "." + k, "unknown key (expected ref, file)");
                    }
                }
                if (!(m.get("ref") instanceof String s)) {
                    throw fail(label, at + ".ref", "missing: give the reference, " + SecretRef.SCHEME + "<mount>/<path>#<field>");
                }
                ref = s;
                Object f = m.get("file");
                if (f != null && !(f instanceof Boolean)) {
                    throw fail(label, at + ".file", "must be true or false");
                }
                file = Boolean.TRUE.equals(f);
            } else {
                throw fail(label, at, "must be a reference (" + SecretRef.SCHEME + "...) or {ref: ..., file: true}");
            }
            SecretRef parsed;
            try {
                parsed = SecretRef.parse(ref);
            } catch (RunFailure bad) {
                throw fail(label, at, bad.getMessage());
            }
            out.put(name, new Injection(name, parsed, file, label));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String label, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw fail(label, where, "must be a mapping of names to values");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw fail(label, where, "has a key that is not a string: " + k);
            }
        }
        return (Map<String, Object>) m;
    }

    private static RunFailure fail(String label, String where, String problem) {
        return new RunFailure("config file " + label + ", " + where + ": " + problem);
    }
}
