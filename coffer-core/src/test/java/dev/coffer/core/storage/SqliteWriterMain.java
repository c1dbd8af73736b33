package dev.coffer.core.storage;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process of {@link SqliteDurabilityTest}: writes to a {@link SqliteStorage} as fast as
 * it can and prints one line per call that has returned, {@code ack <n>} after putting
 * {@code k/<n>} and {@code tx <n>} after a transaction writing {@code t/<n>/a}, {@code t/<n>/b},
 * {@code t/<n>/c} and {@code tx/last}, all with the value {@code n}. It stops on its own after
 * {@code maxIterations} or {@code maxSeconds}, printing {@code done}.
 *
 * <p>Usage: {@code SqliteWriterMain <file> <maxIterations> <maxSeconds>}
 */
public final class SqliteWriterMain {

    static final int TRANSACTION_EVERY = 5;

    private SqliteWriterMain() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long maxIterations = Long.parseLong(args[1]);
        long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
        PrintStream out = System.out;
        try (Storage storage = new SqliteStorage(file)) {
            for (long n = 0; n < maxIterations && System.nanoTime() < deadline; n++) {
                byte[] value = value(n);
                storage.put("k/" + n, value);
                out.println("ack " + n);
                out.flush();
                if (n % TRANSACTION_EVERY == 0) {
                    storage.transact(List.of(
                            StorageOp.put("t/" + n + "/a", value),
                            StorageOp.put("t/" + n + "/b", value),
                            StorageOp.put("t/" + n + "/c", value),
                            StorageOp.put("tx/last", value)));
                    out.println("tx " + n);
                    out.flush();
                }
            }
        }
        out.println("done");
        out.flush();
    }

    static byte[] value(long n) {
        return Long.toString(n).getBytes(UTF_8);
    }
}
