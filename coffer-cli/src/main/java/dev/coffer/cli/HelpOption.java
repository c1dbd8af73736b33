package dev.coffer.cli;

import picocli.CommandLine.Option;

/** {@code -h}, {@code -help} and {@code --help}, spelled as Vault's CLI accepts them. */
final class HelpOption {
    @Option(names = {"-h", "-help", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
