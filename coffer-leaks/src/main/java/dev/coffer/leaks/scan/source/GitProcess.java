package dev.coffer.leaks.scan.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One git child process: its stdout is read by the caller, its stderr kept (the first 8 KiB) for error messages. */
final class GitProcess implements AutoCloseable {
    private final Process process;
    private final List<String> command;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final Thread drain;

    private GitProcess(Path dir, List<String> args) throws IOException {
        command = new ArrayList<>();
        command.add("git");
        command.add("-c");
        command.add("core.quotePath=false");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("GIT_TERMINAL_PROMPT", "0");
        builder.environment().put("LC_ALL", "C");
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new ScanException("cannot run git (is it installed and on the PATH?): " + e.getMessage(), e);
        }
        drain = new Thread(this::drainStderr, "coffer-git-stderr");
        drain.setDaemon(true);
        drain.start();
    }

    static GitProcess start(Path dir, String... args) throws IOException {
        return new GitProcess(dir, List.of(args));
    }

    static GitProcess start(Path dir, List<String> args) throws IOException {
        return new GitProcess(dir, args);
    }

    /** Runs git to the end and returns its stdout, or null when it exits with another code than 0. */
    static byte[] output(Path dir, String... args) throws IOException {
        try (GitProcess git = start(dir, args)) {
            byte[] out = git.stdout().readAllBytes();
            return git.waitFor() == 0 ? out : null;
        }
    }

    Process process() {
        return process;
    }

    InputStream stdout() {
        return process.getInputStream();
    }

    private void drainStderr() {
        byte[] buf = new byte[4096];
        try (InputStream err = process.getErrorStream()) {
            int n;
            while ((n = err.read(buf)) > 0) {
                synchronized (stderr) {
                    if (stderr.size() < 8192) {
                        stderr.write(buf, 0, Math.min(n, 8192 - stderr.size()));
                    }
                }
            }
        } catch (IOException e) {
            // The process ended: what was read is all there is.
        }
    }

    int waitFor() throws IOException {
        try {
            int code = process.waitFor();
            drain.join(1000);
            return code;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for git");
        }
    }

    /** Waits for git and throws a {@link ScanException} naming the command and git's message if it failed. */
    void check() throws IOException {
        int code = waitFor();
        if (code != 0) {
            throw new ScanException(String.join(" ", command.subList(3, command.size())) + " failed (exit " + code + ")"
                    + (stderrText().isEmpty() ? "" : ": " + stderrText()));
        }
    }

    String stderrText() {
        synchronized (stderr) {
            return stderr.toString(StandardCharsets.UTF_8).strip();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
    }
}
