package dev.coffer.auth.approle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.CofferException;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The metadata parser answers any input with a map or a clear 400, never another exception. */
class SecretIdMetadataFuzzTest {
    @Property(tries = 2000)
    void anyTextIsAMapOrAClearError(@ForAll("texts") String text) {
        try {
            Map<String, String> m = SecretIdMetadata.parse(text);
            assertThat(m.size()).isLessThanOrEqualTo(SecretIdMetadata.MAX_KEYS);
        } catch (CofferException e) {
            assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("metadata");
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> valid = Arbitraries.maps(Arbitraries.strings().ofMaxLength(10), Arbitraries.strings().ofMaxLength(10))
                .ofMaxSize(5).map(m -> {
                    StringBuilder b = new StringBuilder("{");
                    m.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append('"').append(k.replace("\\", "").replace("\"", ""))
                            .append("\":\"").append(v.replace("\\", "").replace("\"", "")).append('"'));
                    return b.append('}').toString();
                });
        Arbitrary<String> mutated = valid.flatMap(v -> Arbitraries.integers().between(0, Math.max(0, v.length() - 1))
                .flatMap(i -> Arbitraries.chars().map(c -> v.substring(0, i) + c + v.substring(Math.min(v.length(), i + 1)))));
        Arbitrary<String> json = Arbitraries.strings().withChars("{}[]\":,0123456789abtrufnl\\ ").ofMaxLength(40);
        Arbitrary<String> deep = Arbitraries.integers().between(1, 3000).map(n -> "[".repeat(n) + "]".repeat(n));
        return Arbitraries.oneOf(valid, mutated, json, deep, Arbitraries.strings().ofMaxLength(60));
    }

    @Test
    void examples() {
        assertThat(SecretIdMetadata.parse("")).isEmpty();
        assertThat(SecretIdMetadata.parse("{\"a\":\"b\"}")).containsEntry("a", "b");
        for (String bad : new String[] {"{\"a\":1}", "{\"a\":\"b\",\"a\":\"c\"}", "null", "\"x\"", "{", "{\"\":\"x\"}"}) {
            try {
                SecretIdMetadata.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (CofferException e) {
                assertThat(e.getMessage()).as(bad).contains("metadata");
            }
        }
    }
}
