package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values, durations, tables, JSON and YAML written as Vault's CLI writes them. */
class OutputFormatsTest {

    @Test
    void valuesInGoNotation() {
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("z", 1);
        nested.put("a", Map.of("k", "v"));
        nested.put("n", null);
        nested.put("l", List.of("x", true, new BigDecimal("1.50")));
        assertThat(GoText.value(nested)).isEqualTo("map[a:map[k:v] l:[x true 1.50] n:<nil> z:1]");
        assertThat(GoText.value(null)).isEqualTo("<nil>");
        assertThat(GoText.quotedList(List.of("default", "a\"b"))).isEqualTo("[\"default\" \"a\\\"b\"]");
        assertThat(GoText.quotedList(null)).isEqualTo("[]");
    }

    @Test
    void durationsAsVaultPrintsThem() {
        assertThat(GoText.humanDuration(0)).isEqualTo("0s");
        assertThat(GoText.humanDuration(2764800)).isEqualTo("768h");
        assertThat(GoText.humanDuration(3660)).isEqualTo("1h1m");
        assertThat(GoText.humanDuration(3605)).isEqualTo("1h5s");
        assertThat(GoText.humanDuration(90)).isEqualTo("1m30s");
        assertThat(GoText.humanDuration(300)).isEqualTo("5m");
        assertThat(GoText.humanDuration((Object) "text")).isEqualTo("text");
        assertThat(GoText.duration(Duration.ofSeconds(5400))).isEqualTo("1h30m0s");
        assertThat(GoText.duration(Duration.ofMillis(1500))).isEqualTo("1.5s");
    }

    @Test
    void durationFlagsTakeSecondsOrGoUnits() {
        assertThat(GoText.parseDuration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(GoText.parseDuration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoText.parseDuration("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoText.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(GoText.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
        for (String bad : new String[] {"", "h", "1x", "1h30", "-5s", "1 h"}) {
            assertThatThrownBy(() -> GoText.parseDuration(bad)).as(bad).hasMessageContaining("invalid duration");
        }
    }

    @Test
    void columnsAlignTrimAndFillEmptyCells() {
        String table = Columns.table(List.of("Key", "Value"),
                List.of(List.of("a", "  padded  "), List.of("longer_key", ""), List.of("k", "x")));
        assertThat(table).isEqualTo("""
                Key           Value
                ---           -----
                a             padded
                longer_key    n/a
                k             x
                """);
        assertThat(Output.padEqualSigns("Data", 17)).isEqualTo("====== Data ======");
        assertThat(Output.header("Metadata", Map.of("custom_metadata", 1))).isEqualTo("======= Metadata =======");
        assertThat(Output.padEqualSigns("Secret Path", 3)).isEqualTo("== Secret Path ==");
    }

    @Test
    void jsonIndentsAsGoDoes() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("b", List.of(1, "two"));
        m.put("a", Map.of());
        m.put("c", List.of());
        m.put("d", null);
        m.put("e", "quote\" and \n newline");
        assertThat(Json.pretty(m)).isEqualTo("""
                {
                  "b": [
                    1,
                    "two"
                  ],
                  "a": {},
                  "c": [],
                  "d": null,
                  "e": "quote\\" and \\n newline"
                }""");
    }

    @Test
    void yamlQuotesWhatYamlWouldMisread() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("plain", "hello world");
        m.put("empty", "");
        m.put("bool", "true");
        m.put("number", "0123");
        m.put("colon", "a: b");
        m.put("time", "2024-01-01T00:00:00Z");
        m.put("list", List.of("x", Map.of("k", 1)));
        m.put("nested", Map.of("inner", Arrays.asList(null, false)));
        assertThat(Yaml.write(m)).isEqualTo("""
                bool: "true"
                colon: "a: b"
                empty: ""
                list:
                - x
                - k: 1
                nested:
                  inner:
                  - null
                  - false
                number: "0123"
                plain: hello world
                time: "2024-01-01T00:00:00Z\"""");
        assertThat(Yaml.write(List.of())).isEqualTo("[]");
    }
}
