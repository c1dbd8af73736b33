package dev.coffer.cli.run;

import dev.coffer.leaks.mask.Masker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command: its environment replaced, stdin inherited, stdout and stderr each through its
 * own masking stream, signals forwarded, and {@code atExit} (remove the secret files, revoke the
 * leases) run as soon as it has exited, however coffer ends.
 *
 * <p>Signals: while the command runs, SIGTERM, SIGINT and SIGHUP sent to coffer are caught
 * ({@link Signals}) and sent on to the command, and coffer goes on waiting for it; its exit code
 * (128+N when a signal N ended it) becomes coffer's. SIGTERM is sent with {@link Process#destroy},
 * SIGINT and SIGHUP with {@code kill -s}. When stdin is a terminal, SIGINT and SIGHUP are not
 * sent on: the terminal sends them to its whole foreground process group, the command included,
 * and a second Ctrl-C means "force" to many programs. Where signals cannot be caught (a JVM
 * without {@code sun.misc.Signal}, or started with {@code -Xrs}) or for any other way the JVM
 * shuts down, a shutdown hook ends the command (SIGTERM, then SIGKILL after
 * {@link #SHUTDOWN_GRACE_SECONDS} seconds) and runs {@code atExit}.
 */
public final class ChildProcess {
    /** How long the shutdown hook lets the command end on SIGTERM before killing it. */
    static final long SHUTDOWN_GRACE_SECONDS = 5;
    /** How long output may stay quiet, after the command exited, before coffer stops waiting for the pipes to close. */
    static final long DRAIN_QUIET_MILLIS = 2000;

    private final List<String> command;
    private final Map<String, String> environment;
    private final Masker masker;
    private final Runnable atExit;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminalStdin = stdinIsTerminal();
    private Process process;
    private int pendingSignal;

    /**
     * @param environment the command's whole environment
     * @param atExit      run once, when the command has exited or coffer shuts down; must be
     *                    idempotent and thread-safe
     */
    public ChildProcess(List<String> command, Map<String, String> environment, Masker masker, Runnable atExit,
                        PrintStream out, PrintStream err) {
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.masker = masker;
        this.atExit = atExit;
        this.out = out;
        this.err = err;
    }

    /** Runs the command to its end and returns its exit code (127/126 when it cannot be started). */
    public int run() throws InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Thread hook = new Thread(this::onShutdown, "coffer-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Signals.Installed signals = Signals.install(List.of("TERM", "INT", "HUP"), this::onSignal);
        ScheduledThreadPoolExecutor timer = null;
        try {
            Process p;
            synchronized (this) {
                if (pendingSignal != 0) {
                    return 128 + pendingSignal;
                }
                try {
                    p = pb.start();
                } catch (IOException e) {
                    return cannotStart(e);
                }
                process = p;
            }
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "coffer-run-idle-flush");
                t.setDaemon(true);
                return t;
            });
            OutputPump stdout = new OutputPump("coffer-run-stdout", p.getInputStream(),
                    masker.wrap(OutputPump.downstream(out)), timer);
            OutputPump stderr = new OutputPump("coffer-run-stderr", p.getErrorStream(),
                    masker.wrap(OutputPump.downstream(err)), timer);
            stdout.start();
            stderr.start();
            int code;
            try {
                code = p.waitFor();
            } catch (InterruptedException e) {
                p.destroy();
                throw e;
            }
            atExit.run();
            stdout.awaitEnd(DRAIN_QUIET_MILLIS);
            stderr.awaitEnd(DRAIN_QUIET_MILLIS);
            return code;
        } finally {
            signals.close();
            atExit.run();
            if (timer != null) {
                timer.shutdownNow();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs, or has run; it does what the normal path did
            }
        }
    }

    private int cannotStart(IOException e) {
        String msg = e.getMessage() == null ? e.toString() : e.getMessage();
        int colon = msg.lastIndexOf(", ");
        err.println("coffer: cannot run " + command.get(0) + ": " + (colon >= 0 ? msg.substring(colon + 2) : msg));
        return msg.contains("error=13,") ? 126 : 127;
    }

    private void onSignal(String name, int number) {
        Process p;
        synchronized (this) {
            p = process;
            if (p == null) {
                pendingSignal = number;
                return;
            }
        }
        if (!p.isAlive() || (terminalStdin && !name.equals("TERM"))) {
            return;
        }
        if (name.equals("TERM")) {
            p.destroy();
            return;
        }
        try {
            new ProcessBuilder("kill", "-s", name, String.valueOf(p.pid()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            p.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM is going down with the command perhaps still running: end it, then clean up. */
    private void onShutdown() {
        Process p;
        synchronized (this) {
            p = process;
            pendingSignal = pendingSignal == 0 ? 15 : pendingSignal;
        }
        try {
            if (p != null && p.isAlive()) {
                p.destroy();
                if (!p.waitFor(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
        } finally {
            atExit.run();
        }
    }

    /** Whether fd 0 is a terminal (Linux: {@code /proc/self/fd/0}; elsewhere: a console exists). */
    static boolean stdinIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
