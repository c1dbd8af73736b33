package dev.coffer.cli.run;

import dev.coffer.client.CofferClient;
import dev.coffer.leaks.mask.Masker;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * {@code coffer run}: which secrets, resolved all at once, then the command with them. Nothing
 * is started, no file written, unless every reference resolved.
 */
public final class SecretRun {
    /** Variables that carry a Coffer or Vault token; the command gets none of them unless asked. */
    static final List<String> TOKEN_VARIABLES = List.of("COFFER_TOKEN", "VAULT_TOKEN");
    private static final byte[] REPLACEMENT = "***".getBytes(StandardCharsets.US_ASCII);
    /** The masker refuses shorter values (masking {@code a} would garble every log). */
    static final int MIN_MASKED_LENGTH = 4;
    /**
     * The token is masked too, in case the command gets hold of it; but not a short one such as a
     * dev server's {@code root}, which is no secret and would garble every path under /root.
     */
    static final int MIN_MASKED_TOKEN_LENGTH = 16;

    /**
     * What to run.
     *
     * @param injections the secrets, one per variable name ({@link #collect})
     * @param passToken  whether the command gets the token (as {@code COFFER_TOKEN})
     * @param parentEnv  coffer's own environment, the base of the command's
     */
    public record Plan(List<Injection> injections, List<String> command, boolean passToken, Map<String, String> parentEnv) {
        public Plan {
            injections = List.copyOf(injections);
            command = List.copyOf(command);
            parentEnv = Map.copyOf(parentEnv);
        }
    }

    private SecretRun() {}

    /**
     * The secrets asked for, one per variable: references in the environment, then
     * {@code coffer.yaml} (its {@code secrets}, then those of {@code environment}), then
     * {@code --secret}/{@code --secret-file}; a later one replaces an earlier one of the same name.
     *
     * @param config       the config file; read if it exists
     * @param configGiven  whether {@code --config} named it (then it must exist)
     * @param environment  {@code --env}, or null
     * @param options      {@code --secret} and {@code --secret-file} injections, in order
     * @throws RunFailure for a malformed reference or config
     */
    public static List<Injection> collect(Map<String, String> parentEnv, Path config, boolean configGiven, String environment,
                                          List<Injection> options) {
        Map<String, Injection> byName = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(parentEnv).entrySet()) {
            if (SecretRef.looksLike(e.getValue())) {
                SecretRef ref;
                try {
                    ref = SecretRef.parse(e.getValue());
                } catch (RunFailure bad) {
                    throw new RunFailure("environment variable " + e.getKey() + ": " + bad.getMessage());
                }
                byName.put(e.getKey(), new Injection(e.getKey(), ref, false, "environment"));
            }
        }
        if (configGiven || Files.isRegularFile(config)) {
            for (Injection i : RunConfig.load(config, environment)) {
                byName.remove(i.name());
                byName.put(i.name(), i);
            }
        } else if (environment != null) {
            throw new RunFailure("--env " + environment + " needs a config file: " + RunConfig.DEFAULT_FILE
                    + " in the working directory, or --config FILE");
        }
        for (Injection i : options) {
            byName.remove(i.name());
            byName.put(i.name(), i);
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * Resolves, prepares and runs.
     *
     * @param client a client for the server, asked for only when there are references
     * @param token  the token coffer uses (to pass on, and to mask), or null
     * @return the command's exit code
     * @throws RunFailure when the command cannot be started (exit code 2)
     */
    public static int run(Plan plan, Supplier<CofferClient> client, String token, PrintStream out, PrintStream err)
            throws InterruptedException {
        Leases leases = new Leases();
        CofferClient c = plan.injections().isEmpty() ? null : client.get();
        Cleanup cleanup = new Cleanup(c, leases, err);
        // Until the command runs (and its own hook takes over), a shutdown still removes the files.
        Thread early = new Thread(cleanup, "coffer-run-cleanup");
        Runtime.getRuntime().addShutdownHook(early);
        try {
            Map<SecretRef, SecretValue> values = c == null ? Map.of() : new Resolver(c, leases).resolve(plan.injections());
            Map<String, String> env = new LinkedHashMap<>(plan.parentEnv());
            if (plan.passToken()) {
                if (token != null && !token.isEmpty()) {
                    env.put("COFFER_TOKEN", token);
                }
            } else {
                TOKEN_VARIABLES.forEach(env::remove);
            }
            for (Injection i : plan.injections()) {
                SecretValue v = values.get(i.ref());
                if (i.file()) {
                    env.put(i.name(), cleanup.files().write(i.name(), v.bytes()).toString());
                } else {
                    String text = v.text();
                    if (text.indexOf('\0') >= 0) {
                        throw new RunFailure(i.name() + " (" + i.source() + "): " + i.ref().text()
                                + ": the value holds a NUL byte, which no environment variable can: ask for a file instead");
                    }
                    env.put(i.name(), text);
                }
            }
            Masker masker = masker(plan.injections(), values, token, err);
            ChildProcess child = new ChildProcess(plan.command(), env, masker, cleanup, out, err);
            removeHook(early);
            return child.run();
        } finally {
            removeHook(early);
            cleanup.run();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs now, or has run
        }
    }

    /** Removes the secret files and revokes the leases, once, from whichever thread comes first. */
    private static final class Cleanup implements Runnable {
        private final CofferClient client;
        private final Leases leases;
        private final PrintStream err;
        private final AtomicBoolean done = new AtomicBoolean();
        private SecretFiles files;

        Cleanup(CofferClient client, Leases leases, PrintStream err) {
            this.client = client;
            this.leases = leases;
            this.err = err;
        }

        synchronized SecretFiles files() {
            if (done.get()) {
                throw new RunFailure("coffer is shutting down");
            }
            if (files == null) {
                files = SecretFiles.create();
            }
            return files;
        }

        @Override
        public void run() {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            synchronized (this) {
                if (files != null) {
                    files.close();
                }
            }
            if (client != null) {
                for (String failure : leases.revokeAll(client)) {
                    err.println("coffer: warning: " + failure);
                }
            }
        }
    }

    /**
     * A masker for every injected value and the token (if at least {@link #MIN_MASKED_TOKEN_LENGTH}
     * characters). A value too short to mask is named on stderr (the masker's own warnings cannot
     * say which variable it is).
     */
    static Masker masker(List<Injection> injections, Map<SecretRef, SecretValue> values, String token, PrintStream err) {
        Masker.Builder b = Masker.builder().replacement(REPLACEMENT).encodings(true);
        Set<SecretValue> added = new LinkedHashSet<>();
        for (Injection i : injections) {
            SecretValue v = values.get(i.ref());
            if (v.length() < MIN_MASKED_LENGTH) {
                err.println("coffer: warning: " + i.name() + " is not masked in the output: values shorter than "
                        + MIN_MASKED_LENGTH + " bytes would garble it");
            } else if (added.add(v)) {
                b.addValue(v.bytes());
            }
        }
        if (token != null && token.length() >= MIN_MASKED_TOKEN_LENGTH) {
            b.addValue(token.getBytes(StandardCharsets.UTF_8));
        }
        Masker m = b.build();
        for (String w : m.warnings()) {
            err.println("coffer: warning: " + w);
        }
        return m;
    }
}
