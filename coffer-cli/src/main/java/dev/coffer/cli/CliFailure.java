package dev.coffer.cli;

/**
 * A command's expected failure: the message for stderr and the exit code, as Vault's CLI uses them
 * (1: a local error such as an unreadable file; 2: the server refused or a usage error).
 */
final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
