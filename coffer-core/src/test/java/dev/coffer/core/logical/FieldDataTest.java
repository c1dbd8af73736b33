package dev.coffer.core.logical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class FieldDataTest {
    private static final Map<String, Field> SCHEMA = Map.of(
            "name", Field.of("name", FieldType.STRING, "a name").asRequired(),
            "count", Field.of("count", FieldType.INT, "how many").withDefault(3),
            "ttl", Field.of("ttl", FieldType.DURATION, "how long"),
            "on", Field.of("on", FieldType.BOOL, "switch"),
            "tags", Field.of("tags", FieldType.STRING_LIST, "labels"));

    @Test
    void coercesAppliesDefaultsAndNamesBadFields() {
        FieldData d = FieldData.validate(SCHEMA, Map.of("name", "x", "ttl", "1h30m", "on", "true", "tags", "a, b"), Map.of());
        assertThat(d.getString("name")).isEqualTo("x");
        assertThat(d.getInt("count")).isEqualTo(3);
        assertThat(d.getDuration("ttl")).isEqualTo(Duration.ofMinutes(90));
        assertThat(d.getBool("on")).isTrue();
        assertThat(d.get("tags")).isEqualTo(List.of("a", "b"));

        assertThatThrownBy(() -> FieldData.validate(SCHEMA, Map.of("name", "x", "bogus", 1), Map.of()))
                .hasMessage("unknown field: bogus");
        assertThatThrownBy(() -> FieldData.validate(SCHEMA, Map.of(), Map.of()))
                .hasMessage("missing required field 'name'");
        assertThatThrownBy(() -> FieldData.validate(SCHEMA, Map.of("name", "x", "count", "many"), Map.of()))
                .hasMessage("field 'count' must be an integer");
        assertThatThrownBy(() -> FieldData.validate(SCHEMA, Map.of("name", "x", "ttl", "soon"), Map.of()))
                .hasMessage("field 'ttl' must be a duration such as 30s, 15m or 1h");
        assertThatThrownBy(() -> FieldData.validate(SCHEMA, Map.of("name", List.of()), Map.of()))
                .hasMessage("field 'name' must be a string");
    }

    @Test
    void durationsAsVaultWritesThem() {
        assertThat(FieldData.parseDuration("d", 90)).isEqualTo(Duration.ofSeconds(90));
        assertThat(FieldData.parseDuration("d", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(FieldData.parseDuration("d", "768h")).isEqualTo(Duration.ofDays(32));
        assertThat(FieldData.parseDuration("d", "7d")).isEqualTo(Duration.ofDays(7));
        assertThat(FieldData.parseDuration("d", "1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(FieldData.parseDuration("d", "250ms")).isEqualTo(Duration.ofMillis(250));
        assertThatThrownBy(() -> FieldData.parseDuration("d", -1)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> FieldData.parseDuration("d", "1h x")).isInstanceOf(CofferException.class);
        assertThatThrownBy(() -> FieldData.parseDuration("d", "")).isInstanceOf(CofferException.class);
    }

    /** Fuzz: any string is a duration or a clear invalid-request error, never another exception. */
    @Property(tries = 1000)
    void anyStringParsesOrFailsCleanly(@ForAll String s) {
        try {
            assertThat(FieldData.parseDuration("ttl", s).isNegative()).isFalse();
        } catch (CofferException e) {
            assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("'ttl'");
        }
    }
}
