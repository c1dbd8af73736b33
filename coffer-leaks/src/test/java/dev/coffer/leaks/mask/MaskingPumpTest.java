package dev.coffer.leaks.mask;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The pump behind {@code coffer mask} and {@code coffer run}: output flows on at once, and what is
 * held back shows once the input has been quiet. Time is a scheduler the test drives by hand.
 */
class MaskingPumpTest {
    private static final String SECRET = "hunter2-is-my-password";

    private final Masker masker = Masker.builder().addValue(SECRET.getBytes(UTF_8)).build();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final MaskingPump pump = new MaskingPump(masker.wrap(out), scheduler, Duration.ofMillis(50));

    /** An input that returns the given chunks, running the steps between them when it is read. */
    private static final class Script extends InputStream {
        private final Deque<Object> steps = new ArrayDeque<>();

        Script chunk(String s) {
            steps.add(s);
            return this;
        }

        Script then(Runnable step) {
            steps.add(step);
            return this;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            while (steps.peek() instanceof Runnable step) {
                steps.poll();
                step.run();
            }
            if (steps.isEmpty()) {
                return -1;
            }
            byte[] c = ((String) steps.poll()).getBytes(UTF_8);
            System.arraycopy(c, 0, b, off, c.length);
            return c.length;
        }
    }

    @Test
    void aPromptThatMayStartASecretShowsOnceTheInputIsQuiet() throws IOException {
        List<String> seen = new ArrayList<>();
        Script in = new Script()
                .chunk("Downloading...\nEnter the code for hunt")
                .then(() -> {
                    seen.add(out.toString(UTF_8));
                    assertThat(scheduler.pending()).isEqualTo(1);
                    assertThat(scheduler.lastDelay()).isEqualTo(Duration.ofMillis(50));
                    scheduler.runAll();
                    seen.add(out.toString(UTF_8));
                })
                .chunk("ing: ok\n");

        long n = pump.copy(in);

        assertThat(seen).containsExactly("Downloading...\nEnter the code for ", "Downloading...\nEnter the code for hunt");
        assertThat(out.toString(UTF_8)).isEqualTo("Downloading...\nEnter the code for hunting: ok\n");
        assertThat(n).isEqualTo(out.size());
    }

    @Test
    void whenMoreInputComesFirstTheSecretIsMasked() throws IOException {
        Script in = new Script()
                .chunk("password: hunter2-is")
                .then(() -> assertThat(out.toString(UTF_8)).isEqualTo("password: "))
                .chunk("-my-password\n");

        pump.copy(in);
        scheduler.runAll();

        assertThat(out.toString(UTF_8)).isEqualTo("password: ***\n");
    }

    @Test
    void nothingIsScheduledWhenNothingIsHeld() throws IOException {
        pump.copy(new Script().chunk("plain line\n").then(() -> { }).chunk("another\n"));
        assertThat(scheduler.scheduled).isZero();
        assertThat(out.toString(UTF_8)).isEqualTo("plain line\nanother\n");
    }

    @Test
    void theEndOfInputWritesWhatIsHeld() throws IOException {
        pump.copy(new Script().chunk("last words: hunter"));
        assertThat(out.toString(UTF_8)).isEqualTo("last words: hunter");
    }

    /** Runs scheduled tasks when the test says so; cancelling removes them. */
    static final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
        private final List<Task> tasks = new ArrayList<>();
        int scheduled;
        private long lastDelayNanos;

        int pending() {
            return (int) tasks.stream().filter(t -> !t.cancelled).count();
        }

        Duration lastDelay() {
            return Duration.ofNanos(lastDelayNanos);
        }

        void runAll() {
            List<Task> due = new ArrayList<>(tasks);
            tasks.clear();
            for (Task t : due) {
                if (!t.cancelled) {
                    t.run.run();
                    t.done = true;
                }
            }
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            scheduled++;
            lastDelayNanos = unit.toNanos(delay);
            Task t = new Task(command);
            tasks.add(t);
            return t;
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        private static final class Task implements ScheduledFuture<Object> {
            final Runnable run;
            boolean cancelled;
            boolean done;

            Task(Runnable run) {
                this.run = run;
            }

            @Override
            public long getDelay(TimeUnit unit) {
                return 0;
            }

            @Override
            public int compareTo(Delayed o) {
                return 0;
            }

            @Override
            public boolean cancel(boolean mayInterruptIfRunning) {
                cancelled = !done;
                return cancelled;
            }

            @Override
            public boolean isCancelled() {
                return cancelled;
            }

            @Override
            public boolean isDone() {
                return done || cancelled;
            }

            @Override
            public Object get() {
                return null;
            }

            @Override
            public Object get(long timeout, TimeUnit unit) {
                return null;
            }
        }
    }
}
