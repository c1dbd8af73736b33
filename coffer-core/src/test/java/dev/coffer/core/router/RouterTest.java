package dev.coffer.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.PathSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {
    static Backend backend(String type) {
        return new Backend() {
            @Override
            public List<PathSpec> paths() {
                return List.of();
            }

            @Override
            public String type() {
                return type;
            }
        };
    }

    @Test
    void longestMountPrefixWins() {
        Router r = new Router();
        r.mount(new Router.Mount("secret/", "kv", "1", backend("kv")));
        r.mount(new Router.Mount("secret/team/", "kv", "2", backend("kv")));
        r.mount(new Router.Mount("sys/", "system", "3", backend("system")));

        assertThat(r.route("secret/team/db")).hasValueSatisfying(x -> {
            assertThat(x.mount().uuid()).isEqualTo("2");
            assertThat(x.relativePath()).isEqualTo("db");
        });
        assertThat(r.route("secret/teamx/db")).hasValueSatisfying(x -> assertThat(x.mount().uuid()).isEqualTo("1"));
        assertThat(r.route("secret/team")).hasValueSatisfying(x -> {
            assertThat(x.mount().uuid()).isEqualTo("2");
            assertThat(x.relativePath()).isEmpty();
        });
        assertThat(r.route("secret")).hasValueSatisfying(x -> assertThat(x.relativePath()).isEmpty());
        assertThat(r.route("secrets/x")).isEmpty();
        assertThat(r.route("sy")).isEmpty();
        assertThat(r.route("")).isEmpty();
    }

    @Test
    void mountPathsMustEndWithSlashAndBeFree() {
        Router r = new Router();
        assertThatThrownBy(() -> r.mount(new Router.Mount("x", "kv", "1", backend("kv"))))
                .hasMessageContaining("must end with /");
        r.mount(new Router.Mount("x/", "kv", "1", backend("kv")));
        assertThatThrownBy(() -> r.mount(new Router.Mount("x/", "kv", "2", backend("kv"))))
                .hasMessageContaining("already in use");
    }
}
