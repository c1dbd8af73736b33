package dev.coffer.cli;

import dev.coffer.leaks.mask.Masker;
import dev.coffer.leaks.mask.MaskingOutputStream;
import dev.coffer.leaks.mask.MaskingPump;
import dev.coffer.leaks.mask.ValuesFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code coffer mask}: stdin to stdout with known values masked. The values come from the
 * environment or a file, never from the command line, where other users could read them.
 */
@Command(name = "mask", sortOptions = false,
        description = {"Masks secret values in a stream.", "",
            "Copies stdin to stdout with every occurrence of the given values replaced by ***: as they are, "
                + "base64 (standard and URL-safe, also inside longer base64 text), hex, URL-encoded, "
                + "JSON-escaped, inside shell quotes, and each line of a multi-line value. Values come from "
                + "environment variables or a file, never from the command line. Values shorter than 4 bytes "
                + "are not masked; a warning on stderr says so. Bytes that cannot start a value are written at "
                + "once; a possible start is held until the next bytes show what it is, or for 50 ms.", ""},
        footer = {"", "Examples:", "  ./build.sh 2>&1 | coffer mask --values-from-env DB_PASSWORD,API_TOKEN",
            "  coffer mask --values-file /run/secrets/mask-values < build.log > build-masked.log"})
final class MaskCommand implements Callable<Integer> {
    @Mixin
    HelpOption helpOption;

    @Option(names = {"-values-from-env", "--values-from-env"}, split = ",", paramLabel = "NAME",
            description = "Environment variables whose values to mask, comma-separated; may be repeated.")
    List<String> envNames = new ArrayList<>();

    @Option(names = {"-values-file", "--values-file"}, paramLabel = "FILE",
            description = "A file of values to mask, one per line (LF or CRLF; empty lines are skipped). "
                    + "Not '-': stdin is the data to mask.")
    String valuesFile;

    @Option(names = {"-replacement", "--replacement"}, paramLabel = "TEXT", defaultValue = "***",
            description = "What each masked run of bytes becomes (default: ${DEFAULT-VALUE}).")
    String replacement;

    @Option(names = {"-literal-only", "--literal-only"},
            description = "Mask the values only as they are, not their encodings.")
    boolean literalOnly;

    /** Where the values of --values-from-env come from; null: the process environment (tests set it). */
    Map<String, String> environment;

    @Override
    public Integer call() {
        if (valuesFile == null && envNames.isEmpty()) {
            System.err.println("Error: no values to mask: give --values-from-env NAME[,NAME...] or --values-file FILE");
            return 2;
        }
        if ("-".equals(valuesFile)) {
            System.err.println("Error: --values-file: '-' is not allowed: stdin is the data to mask; "
                    + "give the values in a file or in environment variables");
            return 2;
        }
        return Filter.run(this, System.in, System.out, System.err);
    }

    /** The work, in a class of its own so that other commands' start-up does not load the masker. */
    static final class Filter {
        private Filter() {
        }

        static int run(MaskCommand options, InputStream in, PrintStream out, PrintStream err) {
            Masker.Builder builder = Masker.builder()
                    .encodings(!options.literalOnly)
                    .replacement(options.replacement.getBytes(StandardCharsets.UTF_8));
            List<String> warnings = new ArrayList<>();
            for (String raw : options.envNames) {
                String name = raw.strip();
                if (name.isEmpty()) {
                    continue;
                }
                String value = options.environment != null ? options.environment.get(name) : System.getenv(name);
                if (value == null) {
                    warnings.add("--values-from-env: " + name + " is not set");
                } else if (value.isEmpty()) {
                    warnings.add("--values-from-env: " + name + " is empty");
                } else {
                    builder.addValue(value.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (options.valuesFile != null) {
                try {
                    for (byte[] value : ValuesFile.read(Path.of(options.valuesFile))) {
                        builder.addValue(value);
                    }
                } catch (NoSuchFileException e) {
                    err.println("Error: --values-file: " + options.valuesFile + " does not exist");
                    return 1;
                } catch (IOException | RuntimeException e) {
                    err.println("Error: --values-file: cannot read " + options.valuesFile + ": " + e.getMessage());
                    return 1;
                }
            }
            Masker masker = builder.build();
            warnings.addAll(masker.warnings());
            for (String warning : warnings) {
                err.println("coffer mask: warning: " + warning);
            }
            err.flush();

            MaskingOutputStream masked = masker.wrap(new Stdout(out));
            ScheduledExecutorService idle = Executors.newSingleThreadScheduledExecutor(new DaemonThreads());
            try {
                new MaskingPump(masked, idle, MaskingPump.DEFAULT_IDLE).copy(in);
            } catch (IOException e) {
                err.println("Error: coffer mask: " + e.getMessage());
                return 1;
            } finally {
                idle.shutdownNow();
            }
            return 0;
        }
    }

    /** Stdout as a stream that reports failures (a PrintStream only records them), not closed with the masker. */
    private static final class Stdout extends OutputStream {
        private final PrintStream out;

        Stdout(PrintStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (out.checkError()) {
                throw new IOException("cannot write to stdout");
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class DaemonThreads implements ThreadFactory {
        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "coffer-mask-idle");
            t.setDaemon(true);
            return t;
        }
    }
}
