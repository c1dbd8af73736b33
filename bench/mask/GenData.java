import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Test data for the masker benchmark, the same for the same seed: values.txt (1,000 secret-like
 * values: tokens, passwords with symbols, hex and base64 keys) and data.log (a CI build log of
 * the given size: timestamps, levels, paths, hashes, base64 blobs, JSON lines, URLs), where about
 * one line in 2,000 carries a value, literally or in one of its encodings.
 * Usage: java bench/mask/GenData.java SEED DIR BYTES
 */
public final class GenData {
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final String SYMBOLS = "!@#$%^&*()-_=+[]{};:'\",.<>/?\\|~ ";
    private static final String[] WORDS = ("the build step test compile module package resolve download upload cache "
            + "artifact docker image layer push pull deploy release version check lint format warning error info "
            + "debug started finished passed failed skipped running job runner workflow checkout install dependency "
            + "gradle maven npm yarn pip cargo go java kotlin python node target source main src class method "
            + "request response status connect timeout retry attempt server client config secret token user "
            + "database migration schema table index query result rows seconds ms bytes kb mb total elapsed").split(" ");
    private static final String[] LEVELS = {"INFO ", "DEBUG", "WARN ", "INFO ", "INFO ", "ERROR", "TRACE"};

    public static void main(String[] args) throws IOException {
        long seed = Long.parseLong(args[0]);
        Path dir = Path.of(args[1]);
        long size = Long.parseLong(args[2]);
        Random r = new Random(seed);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(value(r, i));
        }
        Files.write(dir.resolve("values.txt"), values, StandardCharsets.UTF_8);
        long occurrences = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("data.log")), 1 << 16)) {
            long written = 0;
            long t = 1_795_000_000_000L;
            StringBuilder line = new StringBuilder(512);
            while (written < size) {
                line.setLength(0);
                t += r.nextInt(40);
                line.append(java.time.Instant.ofEpochMilli(t)).append(" [").append(LEVELS[r.nextInt(LEVELS.length)]).append("] ");
                int kind = r.nextInt(100);
                if (kind < 55) {
                    words(r, line, 4 + r.nextInt(14));
                } else if (kind < 65) {
                    line.append("/home/runner/work/app/");
                    words(r, line, 3);
                    line.append(".java:").append(r.nextInt(900)).append(' ');
                    words(r, line, 5);
                } else if (kind < 73) {
                    line.append("commit ").append(hex(r, 20)).append(" tree ").append(hex(r, 20));
                } else if (kind < 80) {
                    line.append("layer sha256:").append(hex(r, 32)).append(" size=").append(r.nextInt(1 << 24));
                } else if (kind < 87) {
                    byte[] blob = new byte[24 + r.nextInt(96)];
                    r.nextBytes(blob);
                    line.append("payload=").append(Base64.getEncoder().encodeToString(blob));
                } else if (kind < 95) {
                    line.append("{\"ts\":").append(t).append(",\"msg\":\"");
                    words(r, line, 6);
                    line.append("\",\"id\":\"").append(hex(r, 4)).append('-').append(hex(r, 2)).append('-')
                            .append(hex(r, 2)).append('-').append(hex(r, 6)).append("\",\"n\":").append(r.nextInt(1000)).append('}');
                } else {
                    line.append("GET https://api.example.com/v2/");
                    words(r, line, 2);
                    line.append("?page=").append(r.nextInt(50)).append("&q=");
                    words(r, line, 1);
                    line.append(" -> ").append(200 + r.nextInt(4) * 100).append(' ').append(r.nextInt(3000)).append("ms");
                }
                if (r.nextInt(2000) == 0) {
                    line.append(" leaked: ").append(encoded(r, values.get(r.nextInt(values.size()))));
                    occurrences++;
                }
                line.append('\n');
                byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
                int n = (int) Math.min(b.length, size - written);
                out.write(b, 0, n);
                written += n;
            }
        }
        System.err.println("GenData: " + values.size() + " values, " + occurrences + " lines with a value, " + size + " bytes");
    }

    private static String value(Random r, int i) {
        switch (i % 10) {
            case 0, 1, 2:
                return random(r, ALNUM, 20 + r.nextInt(21));
            case 3:
                return "ghp_" + random(r, ALNUM, 36);
            case 4:
                return "AKIA" + random(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
            case 5, 6, 7:
                return random(r, ALNUM + SYMBOLS.repeat(2), 12 + r.nextInt(13)).strip();
            case 8:
                return hex(r, 16);
            default:
                byte[] key = new byte[32];
                r.nextBytes(key);
                return Base64.getEncoder().encodeToString(key);
        }
    }

    private static String encoded(Random r, String value) {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        switch (r.nextInt(6)) {
            case 0:
                return value;
            case 1: {
                byte[] blob = new byte[r.nextInt(3) + v.length + r.nextInt(9)];
                r.nextBytes(blob);
                System.arraycopy(v, 0, blob, blob.length - v.length - r.nextInt(Math.min(3, blob.length - v.length + 1)), v.length);
                return Base64.getEncoder().encodeToString(blob);
            }
            case 2:
                return HexFormat.of().formatHex(v);
            case 3:
                return URLEncoder.encode(value, StandardCharsets.UTF_8);
            case 4:
                return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            default:
                return "'" + value.replace("'", "'\\''") + "'";
        }
    }

    private static void words(Random r, StringBuilder line, int n) {
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                line.append(r.nextInt(8) == 0 ? "_" : " ");
            }
            line.append(WORDS[r.nextInt(WORDS.length)]);
            if (r.nextInt(10) == 0) {
                line.append(r.nextInt(10_000));
            }
        }
    }

    private static String hex(Random r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String random(Random r, String alphabet, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
