package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer hook install}: a Git pre-commit hook that runs {@code coffer scan --staged}. */
@Command(name = "hook", description = {"Git hooks that keep secrets out of commits."},
        subcommands = {HookCommand.Install.class})
final class HookCommand extends GroupCommand {

    @Command(name = "install", sortOptions = false,
            description = {"Writes a pre-commit hook that runs 'coffer scan --staged'.", "",
                "The hook goes where Git looks for hooks (.git/hooks, or core.hooksPath). A commit that adds a "
                    + "secret is stopped with the finding shown; 'git commit --no-verify' skips the hook once. An "
                    + "existing hook that is not Coffer's is kept unless --force is given. With the pre-commit "
                    + "framework, use the coffer-scan hook of .pre-commit-hooks.yaml instead."},
            footer = {"", "Examples:", "  coffer hook install", "  coffer hook install --command '/opt/coffer/coffer' ../other-repo"})
    static final class Install implements Callable<Integer> {
        @Mixin
        HelpOption helpOption;

        @Parameters(paramLabel = "REPO", arity = "0..1", defaultValue = ".",
                description = "The repository (default: the current folder).")
        Path repository;

        @Option(names = {"-force", "--force"}, description = "Replace an existing pre-commit hook that is not this one.")
        boolean force;

        @Option(names = {"-command", "--command"}, paramLabel = "CMD", defaultValue = "coffer",
                description = "How the hook starts Coffer (default: ${DEFAULT-VALUE}, found on the PATH).")
        String command;

        @Override
        public Integer call() {
            if (command.isBlank() || command.contains("\n") || command.contains("'")) {
                System.err.println("Error: --command: must be a non-empty command line without quotes or newlines");
                return 2;
            }
            Path hooks;
            try {
                hooks = hooksFolder(repository);
            } catch (IOException e) {
                System.err.println("Error: " + e.getMessage());
                return 2;
            }
            if (hooks == null) {
                System.err.println("Error: not a git repository: " + repository);
                return 2;
            }
            Path hook = hooks.resolve("pre-commit");
            String script = script(command);
            try {
                if (Files.exists(hook)) {
                    String existing = Files.readString(hook, StandardCharsets.UTF_8);
                    if (existing.equals(script)) {
                        System.out.println("The Coffer pre-commit hook is already installed: " + hook);
                        return 0;
                    }
                    if (!force) {
                        System.err.println("Error: " + hook + " exists and is not Coffer's hook: give --force to replace it, "
                                + "or call '" + command + " scan --staged' from it");
                        return 1;
                    }
                }
                Files.createDirectories(hooks);
                Files.writeString(hook, script, StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (UnsupportedOperationException notPosix) {
                    hook.toFile().setExecutable(true);
                }
            } catch (IOException e) {
                System.err.println("Error: cannot write " + hook + ": " + e.getMessage());
                return 1;
            }
            System.out.println("Installed the pre-commit hook: " + hook);
            return 0;
        }

        static String script(String command) {
            return "#!/bin/sh\n"
                    + "# Installed by 'coffer hook install': stops a commit that adds a secret.\n"
                    + "# Skip it once with 'git commit --no-verify'; known findings go in a baseline (docs/scan.md).\n"
                    + "exec " + command + " scan --staged\n";
        }

        /** Where Git looks for hooks in this repository (core.hooksPath honoured), or null outside one. */
        static Path hooksFolder(Path repository) throws IOException {
            if (!Files.isDirectory(repository)) {
                throw new IOException("not a folder: " + repository);
            }
            Process git = new ProcessBuilder("git", "rev-parse", "--path-format=absolute", "--git-path", "hooks")
                    .directory(repository.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            git.getOutputStream().close();
            String out;
            try (InputStream in = git.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
            try {
                return git.waitFor() == 0 && !out.isEmpty() ? Path.of(out) : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while asking git for the hooks folder");
            }
        }
    }
}
