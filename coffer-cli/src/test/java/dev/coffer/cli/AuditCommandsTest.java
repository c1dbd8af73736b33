package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** coffer audit verify / search against a real server's audit device. */
class AuditCommandsTest extends ServerHarness {

    @Test
    void verifyFindsTamperingAndSearchFindsWhoReadASecret() throws Exception {
        Path log = home.resolve("audit.log");
        String device = "cli" + System.nanoTime();
        Result enabled = runWithStdin("{\"type\":\"file\",\"options\":{\"file_path\":\"" + log + "\"}}",
                "write", "sys/audit/" + device, "-");
        assertThat(enabled.code()).as(enabled.err()).isZero();
        try {
            ok("kv", "put", "secret/ci/deploy", "key=made-up-deploy-key-99");
            ok("kv", "get", "secret/ci/deploy");
            assertThat(Files.readString(log)).doesNotContain("made-up-deploy-key-99");

            Result intact = run("audit", "verify", log.toString(), "-device", device);
            assertThat(intact.code()).as(intact.out() + intact.err()).isZero();
            assertThat(intact.out()).contains("intact:").contains("up to the device's signed head");

            Result found = runWithStdin("made-up-deploy-key-99", "audit", "search", log.toString(), "-value", "-", "-device", device);
            assertThat(found.code()).as(found.err()).isZero();
            assertThat(found.out()).contains("secret/data/ci/deploy").contains("update").contains("read");
            assertThat(run("audit", "search", log.toString(), "-value", "made-up-deploy-key-99").code()).isEqualTo(2);

            byte[] bytes = Files.readAllBytes(log);
            int at = new String(bytes, StandardCharsets.UTF_8).indexOf("\"operation\":\"read\"") + 14;
            bytes[at] = 'X';
            Path tampered = home.resolve("tampered.log");
            Files.write(tampered, bytes);
            Result bad = run("audit", "verify", tampered.toString(), "-offline");
            assertThat(bad.code()).isEqualTo(1);
            assertThat(bad.out()).contains("NOT intact");
        } finally {
            ok("delete", "sys/audit/" + device);
        }
    }
}
