package dev.coffer.leaks.scan.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random and mutated input to the parsers of git output and image JSON: a result or an IllegalArgumentException, nothing else. */
class ParsersFuzzTest {
    private static final String LOG = "\u0001" + "a".repeat(40) + "\0Ada\0ada@example.com\0"
            + "2026-01-01T00:00:00+00:00\0subject\0\n:000000 100644 " + "0".repeat(40) + " " + "b".repeat(40)
            + " A\0dir/file.txt\0:100644 000000 " + "b".repeat(40) + " " + "0".repeat(40) + " D\0gone.txt\0";

    @Property(tries = 300)
    void gitLogOutputParsesOrFailsClearly(@ForAll("mutatedLogs") byte[] input) {
        List<GitLogParser.Change> changes = new ArrayList<>();
        try {
            GitLogParser.parse(new ByteArrayInputStream(input), changes::add);
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).startsWith("git output:");
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 1)
    void theValidLogGivesTheAddedFileOnly() throws Exception {
        List<GitLogParser.Change> changes = new ArrayList<>();
        GitLogParser.parse(new ByteArrayInputStream(LOG.getBytes(UTF_8)), changes::add);
        assertThat(changes).singleElement().satisfies(c -> {
            assertThat(c.path()).isEqualTo("dir/file.txt");
            assertThat(c.commit().author()).isEqualTo("Ada");
        });
    }

    @Property(tries = 300)
    void imageJsonParsesOrFailsClearly(@ForAll("mutatedJson") String json, @ForAll("imageFile") String file) {
        try {
            List<String> configs = ImageManifests.configNames(Map.of(file, json.getBytes(UTF_8)));
            for (String config : configs) {
                ImageManifests.values(config, json.getBytes(UTF_8));
            }
            ImageManifests.values("config.json", json.getBytes(UTF_8));
        } catch (IllegalArgumentException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<String> imageFile() {
        return Arbitraries.of("manifest.json", "index.json");
    }

    @Provide
    Arbitrary<byte[]> mutatedLogs() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, LOG.length() - 1).list().ofMaxSize(6)
                .flatMap(positions -> Arbitraries.bytes().array(byte[].class).ofSize(positions.size()).map(values -> {
                    byte[] log = LOG.getBytes(UTF_8);
                    for (int i = 0; i < positions.size(); i++) {
                        log[positions.get(i)] = values[i];
                    }
                    return log;
                }));
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, LOG.length())
                .map(n -> LOG.substring(0, n).getBytes(UTF_8));
        return Arbitraries.oneOf(random, mutated, truncated);
    }

    @Provide
    Arbitrary<String> mutatedJson() {
        List<String> samples = List.of(
                "[{\"Config\": \"c.json\", \"Layers\": [\"l/layer.tar\"]}]",
                "{\"manifests\": [{\"digest\": \"sha256:" + "a".repeat(64) + "\"}]}",
                "{\"config\": {\"Env\": [\"A=b\"], \"Labels\": {\"x\": \"y\"}}, \"history\": [{\"created_by\": \"RUN x\"}]}");
        Arbitrary<String> random = Arbitraries.strings().withChars("{}[]\":,0123456789abcConfigmanifestsdigestEnv ")
                .ofMaxLength(80);
        Arbitrary<String> mutated = Arbitraries.of(samples).flatMap(s -> Arbitraries.integers().between(0, s.length() - 1)
                .flatMap(at -> Arbitraries.chars().with("{}[]\":,x0 ").map(c -> s.substring(0, at) + c + s.substring(at + 1))));
        Arbitrary<String> cut = Arbitraries.of(samples).flatMap(s -> Arbitraries.integers().between(0, s.length())
                .map(n -> s.substring(0, n)));
        return Arbitraries.oneOf(random, mutated, cut, Arbitraries.of(samples));
    }
}
