package dev.coffer.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * node-vault (npm), unchanged, drives a real server through {@code src/test/node/compat.js}:
 * KV v2 write, read (latest and a version), list, soft delete and undelete, merge patch, a policy,
 * a child token refused outside it, lookup, renew, revoke. Needs {@code node} and the package
 * installed ({@code npm ci --prefix coffer-compat/src/test/node}, which .ci/run does); without
 * them the test is skipped with that message — except in CI, where it fails.
 */
class NodeVaultTest {
    private static final Path DIR = Path.of("src", "test", "node").toAbsolutePath();

    @Test
    void nodeVaultWorksUnchanged() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        String missing = null;
        if (!onPath("node")) {
            missing = "node is not on the PATH";
        } else if (!Files.isDirectory(DIR.resolve("node_modules/node-vault"))) {
            missing = "node-vault is not installed: run 'npm ci --prefix coffer-compat/src/test/node'";
        }
        if (missing != null) {
            assertThat(ci).as("CI must run the node-vault test, but " + missing).isFalse();
            Assumptions.abort("skipped: " + missing);
        }
        try (CompatServer server = new CompatServer()) {
            ProcessBuilder pb = new ProcessBuilder("node", "compat.js").directory(DIR.toFile()).redirectErrorStream(true);
            pb.environment().put("VAULT_ADDR", server.address);
            pb.environment().put("VAULT_TOKEN", server.rootToken);
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("ok kv read latest and version", "ok narrow token refused outside its policy",
                    "ok token revoke", "all ok");
        }
    }

    private static boolean onPath(String exe) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, exe))) {
                return true;
            }
        }
        return false;
    }
}
