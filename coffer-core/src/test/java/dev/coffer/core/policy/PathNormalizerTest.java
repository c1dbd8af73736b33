package dev.coffer.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Operation;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"secret/data/app/db", "secret/metadata/app/", "sys/seal", "a", "secret/data/a.b/..c/c..",
        "secret/data/%41", "secret/data/100%", "secret/data/ünï", "secret/data/\u0430pp"})
    void ordinaryPathsPassUnchanged(String path) {
        assertThat(PathNormalizer.check(path)).isSameAs(path);
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            secret/data/app/../../../sys/seal | '..' segment
            secret/data/app/..                | '..' segment
            secret/./data                     | '.' segment
            secret//data                      | empty segment
            /secret/data                      | empty segment
            secret/data//                     | empty segment
            secret/data/app/%2e%2e/x          | percent-encoded
            secret/data/app/%2E%2e/x          | percent-encoded
            secret/data/app%2f..%2fx          | percent-encoded
            secret/data/app/..%5Cx            | percent-encoded
            secret/data/app/x%00              | percent-encoded
            secret\\data                      | backslash
            ''                                | empty
            """)
    void attacksAreRefusedWithTheirName(String path, String problem) {
        assertThatThrownBy(() -> PathNormalizer.check(path.replace("\\\\", "\\")))
                .isInstanceOfSatisfying(CofferException.class,
                        e -> assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST))
                .hasMessageContaining(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"secret/data/app/x\u0000", "secret/data/app/\u0000/../sys", "secret/data/app/x\n",
        "secret/data/app/\u007f", "secret/data/app/\u0085"})
    void controlCharactersAreRefused(String path) {
        assertThatThrownBy(() -> PathNormalizer.check(path)).hasMessageContaining("control character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SECRET/data/app/x", "secret/data/App/x", "secret/d\u0430ta/app/x",
        "secret\uFF0Fdata\uFF0Fapp\uFF0Fx", "secret/data/app", "secret/data/application/x"})
    void lookAlikesPassTheNormalizerButTheAclDeniesThem(String path) {
        Acl acl = Acl.of(List.of(Policy.parse("app", "path \"secret/data/app/*\" {\n capabilities = [\"read\", \"list\"]\n}\n")));
        assertThat(PathNormalizer.check(path)).isEqualTo(path);
        for (Operation op : Operation.values()) {
            assertThat(acl.allows(op, path, false)).isFalse();
        }
    }
}
