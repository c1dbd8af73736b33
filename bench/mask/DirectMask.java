import dev.coffer.leaks.mask.Masker;
import dev.coffer.leaks.mask.MaskingOutputStream;
import dev.coffer.leaks.mask.MaskingPump;
import dev.coffer.leaks.mask.ValuesFile;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * What `coffer mask --values-file F` does, without the CLI around it: the masker's cost with a lean
 * start path, for comparison with the full command (which builds every command of the CLI first).
 * Compiled by run.sh against the shaded jar; usage: java -cp coffer.jar:DIR DirectMask F < in > out
 */
public final class DirectMask {
    public static void main(String[] args) throws Exception {
        Masker.Builder builder = Masker.builder();
        for (byte[] value : ValuesFile.read(Path.of(args[0]))) {
            builder.addValue(value);
        }
        Masker masker = builder.build();
        ScheduledExecutorService idle = Executors.newSingleThreadScheduledExecutor(new ThreadFactory() {
            @Override
            public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "idle");
                t.setDaemon(true);
                return t;
            }
        });
        try (MaskingOutputStream out = masker.wrap(new FileOutputStream(FileDescriptor.out))) {
            new MaskingPump(out, idle, MaskingPump.DEFAULT_IDLE).copy(new FileInputStream(FileDescriptor.in));
        }
        idle.shutdownNow();
    }
}
