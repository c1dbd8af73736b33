package dev.coffer.cli;

import picocli.CommandLine.Option;

/** {@code -format}: table, json or yaml; the default from {@code COFFER_FORMAT} or {@code VAULT_FORMAT}. */
final class OutputOptions {
    @Option(names = {"-format", "--format"}, paramLabel = "FORMAT",
            description = "Output format: table (default), json or yaml. Default from $COFFER_FORMAT or $VAULT_FORMAT.")
    String format;

    String format() {
        return Output.checkFormat(format != null ? format : ClientOptions.firstEnv("COFFER_FORMAT", "VAULT_FORMAT", Output.TABLE));
    }

    boolean table() {
        return Output.TABLE.equals(format());
    }

    /** {@code -field}, for the commands that print one value of an answer. */
    static final class Field {
        @Option(names = {"-field", "--field"}, paramLabel = "NAME",
                description = "Print only this field's value, as is, followed by one newline. With -format=json the value is JSON.")
        String field;

        /** Prints {@code answer} as Vault's CLI prints a secret, or only the chosen field; the exit code. */
        int print(String format, java.util.Map<String, Object> answer) {
            if (field != null) {
                return Logical.printField(format, Logical.field(answer, field), field);
            }
            Output.secret(format, answer);
            return 0;
        }
    }
}
