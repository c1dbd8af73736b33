package dev.coffer.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A noun that only groups verbs ({@code coffer kv}): run alone, it is a usage error listing them. */
abstract class GroupCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    HelpOption helpOption;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
