package dev.coffer.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code coffer logout}: forgets the token {@code coffer login} stored. */
@Command(name = "logout", sortOptions = false,
        description = {"Forgets the token stored by login.", "",
            "Removes the token 'coffer login' stored in ~/.coffer-token. The token itself stays valid on "
            + "the server until it expires; revoke it first with 'coffer token revoke -self' if it should not."},
        footer = {"", "Examples:", "  coffer token revoke -self && coffer logout"})
final class LogoutCommand implements Callable<Integer> {
    @Mixin
    HelpOption helpOption;

    @Override
    public Integer call() {
        try {
            if (TokenFile.delete()) {
                System.out.println("Success! Removed the stored token: " + TokenFile.path());
            } else {
                System.out.println("No stored token at " + TokenFile.path());
            }
            return 0;
        } catch (CliFailure f) {
            System.err.println(f.getMessage());
            return f.exitCode();
        }
    }
}
