package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any login arguments give fields or a clear CLI error that never repeats a value. */
class LoginArgsFuzzTest {
    private static final LoginArgs.Sources FAKE = new LoginArgs.Sources() {
        @Override
        public String file(Path path) throws IOException {
            if (path.toString().contains("missing")) {
                throw new IOException("no such file");
            }
            return "from-file\n";
        }

        @Override
        public String stdin() {
            return "from-stdin\n";
        }
    };

    @Property(tries = 2000)
    void argumentsAreFieldsOrAClearError(@ForAll("argLists") List<String> args) {
        try {
            Map<String, String> fields = LoginArgs.parse(args, FAKE);
            assertThat(fields.size()).isLessThanOrEqualTo(args.size());
            fields.values().forEach(v -> assertThat(v).doesNotEndWith("\n"));
        } catch (CliFailure e) {
            assertThat(e.exitCode()).isIn(1, 2);
            assertThat(e.getMessage()).startsWith("Error");
            // File names given as key=@FILE may be named in the error; literal values never.
            List<String> fileNames = args.stream().filter(a -> a.indexOf('=') > 0)
                    .map(a -> a.substring(a.indexOf('=') + 1)).filter(v -> v.startsWith("@")).map(v -> v.substring(1)).toList();
            for (String a : args) {
                int eq = a.indexOf('=');
                String value = eq < 0 ? a : a.substring(eq + 1);
                if (value.length() >= 6 && !value.startsWith("@") && fileNames.stream().noneMatch(f -> f.contains(value))) {
                    assertThat(e.getMessage()).doesNotContain(value);
                }
            }
        }
    }

    @net.jqwik.api.Example
    void aMissingFileIsNamedEvenWhenAnotherArgumentLooksLikeItsName() {
        // Found by the property above: the second argument's text is the first one's file name.
        CliFailure e = org.junit.jupiter.api.Assertions.assertThrows(CliFailure.class,
                () -> LoginArgs.parse(List.of("a=@=@missing", "==@missing"), FAKE));
        assertThat(e.getMessage()).isEqualTo("Error reading the value of a from file =@missing: no such file");
    }

    @Provide
    Arbitrary<List<String>> argLists() {
        Arbitrary<String> key = Arbitraries.strings().withChars("abc_.-=@ /é").ofMinLength(0).ofMaxLength(8);
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(12), Arbitraries.just("-"),
                Arbitraries.just("@"), Arbitraries.just("@missing"), Arbitraries.just("@some/file"),
                Arbitraries.just("@\u0000"));
        Arbitrary<String> arg = Arbitraries.oneOf(
                key.flatMap(k -> value.map(v -> k + "=" + v)),
                Arbitraries.strings().ofMaxLength(20));
        return arg.list().ofMaxSize(6);
    }
}
