package dev.coffer.cli.run;

/**
 * {@code coffer run} cannot start the command: a malformed reference, a bad {@code coffer.yaml},
 * a secret that could not be read, a private directory that could not be made. The message names
 * what failed and never holds a secret value; the command is not started and the exit code is 2.
 */
public final class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunFailure(String message) {
        super(message, null, false, false);
    }
}
