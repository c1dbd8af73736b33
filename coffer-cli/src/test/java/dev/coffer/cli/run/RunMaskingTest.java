package dev.coffer.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A command that leaks its secrets every way a build log does: none of it reaches coffer's output,
 * and every other byte comes through unchanged.
 */
@Timeout(120)
class RunMaskingTest extends RunHarness {
    /** Has characters that JSON and URL encoding change, so each encoding is its own string. */
    static final String SECRET = "Zq9\"hunter2\\Pass-w0rd";

    /** One line the command prints: the shell command printing it, and what coffer must print for it. */
    record Line(String shell, byte[] expected) {}

    @Test
    void noEncodingOfAnyValueReachesTheOutputAndOtherBytesAreUnchanged() throws Exception {
        String pem = pem();
        putV2("secret", "leaky/app", Map.of("password", SECRET, "key", pem));
        List<Line> lines = new ArrayList<>();
        lines.add(plain("plain", "nothing secret here"));
        lines.add(line("literal", "before[" + SECRET + "]after", "before[***]after"));
        lines.add(line("twice", SECRET + " and " + SECRET, "*** and ***"));
        for (int offset = 0; offset < 3; offset++) {
            lines.add(base64Line("b64-" + offset, Base64.getEncoder(), "abcde".substring(0, 3 + offset)));
        }
        lines.add(base64Line("b64url-1", Base64.getUrlEncoder(), "head"));
        lines.add(line("hex", "[" + HexFormat.of().formatHex(bytes(SECRET)) + "]", "[***]"));
        lines.add(line("HEX", "[" + HexFormat.of().withUpperCase().formatHex(bytes(SECRET)) + "]", "[***]"));
        lines.add(line("url", "https://x.example/?p=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8) + "&q=1",
                "https://x.example/?p=***&q=1"));
        String json = new ObjectMapper().writeValueAsString(Map.of("password", SECRET));
        lines.add(line("json", json, "{\"password\":\"***\"}"));
        lines.add(plain("near", SECRET.substring(0, SECRET.length() - 1)));
        lines.add(new Line("printf 'bytes: \\001\\377\\303\\n'",
                new byte[] {'b', 'y', 't', 'e', 's', ':', ' ', 1, (byte) 0xff, (byte) 0xc3, '\n'}));

        StringBuilder script = new StringBuilder();
        for (Line l : lines) {
            script.append(l.shell()).append('\n');
        }
        // Split across two writes, each flushed: the shell's printf writes at once.
        int half = SECRET.length() / 2;
        script.append("printf '%s' ").append(sq("split: <" + SECRET.substring(0, half))).append('\n');
        script.append("printf '%s\\n' ").append(sq(SECRET.substring(half) + ">")).append('\n');
        // The PEM key line by line, from its file, each line to stderr.
        script.append("while IFS= read -r l; do printf 'pem: %s\\n' \"$l\" >&2; done < \"$KEY_FILE\"\n");
        script.append("printf 'done\\n' >&2\n");

        Result r = run("-secret", "PASSWORD=coffer://secret/leaky/app#password", "-secret-file", "KEY_FILE=coffer://secret/leaky/app#key",
                "--", "sh", "-c", script.toString());

        assertThat(r.code()).as(r.err()).isZero();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Line l : lines) {
            expected.writeBytes(l.expected());
        }
        expected.writeBytes(bytes("split: <***>\n"));
        assertThat(new String(r.outBytes(), StandardCharsets.ISO_8859_1))
                .isEqualTo(new String(expected.toByteArray(), StandardCharsets.ISO_8859_1));

        List<String> pemLines = pem.lines().toList();
        assertThat(r.err().lines().toList()).hasSize(pemLines.size() + 1).endsWith("done")
                .allSatisfy(l -> assertThat(l).isIn("pem: ***", "done"));
        String everything = new String(r.outBytes(), StandardCharsets.ISO_8859_1) + r.err();
        assertThat(everything).doesNotContain(SECRET);
        for (String pemLine : pemLines) {
            assertThat(everything).doesNotContain(pemLine);
        }
    }

    private static Line plain(String label, String text) {
        return line(label, text, text);
    }

    private static Line line(String label, String printed, String expected) {
        return new Line("printf '%s\\n' " + sq(label + ": " + printed), bytes(label + ": " + expected + "\n"));
    }

    /**
     * The secret inside a longer base64 text, {@code prefix.length() % 3} bytes into a 3-byte group:
     * the characters made only of the secret's bits are masked, the ones shared with the
     * neighbouring bytes stay.
     */
    private static Line base64Line(String label, Base64.Encoder encoder, String prefix) {
        byte[] pre = bytes(prefix);
        byte[] data = concat(pre, bytes(SECRET), bytes(" and some trailing text"));
        String blob = encoder.encodeToString(data);
        int from = (8 * pre.length + 5) / 6;
        int to = 8 * (pre.length + SECRET.length()) / 6;
        return line(label, "<" + blob + ">", "<" + blob.substring(0, from) + "***" + blob.substring(to) + ">");
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(b::writeBytes);
        return b.toByteArray();
    }

    /** A real private key in PEM, 64 base64 characters a line. */
    private static String pem() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(384);
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(g.generateKeyPair().getPrivate().getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
