import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * A source tree of realistic text for the scan benchmark: Java, JavaScript, Python, YAML, JSON and
 * Markdown files of 2 to 40 KB in nested folders, with a fixed seed, and a few planted made-up
 * credentials (AWS key ids, GitHub tokens with a valid checksum). Prints the planted count.
 * Usage: java GenTree.java SEED DIR BYTES
 */
public final class GenTree {
    private static final String B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String[] WORDS = ("request response handler config value token user account service "
            + "client server cache index order item price total count result error status message buffer stream "
            + "reader writer builder factory manager registry session context metadata payload header body")
            .split(" ");

    public static void main(String[] args) throws IOException {
        Random r = new Random(Long.parseLong(args[0]));
        Path root = Path.of(args[1]);
        long target = Long.parseLong(args[2]);
        long written = 0;
        int planted = 0;
        int n = 0;
        String[] exts = {"java", "js", "py", "yaml", "json", "md", "ts", "go"};
        while (written < target) {
            String ext = exts[r.nextInt(exts.length)];
            Path dir = root.resolve("module" + r.nextInt(20)).resolve("src").resolve("pkg" + r.nextInt(30));
            Files.createDirectories(dir);
            StringBuilder s = new StringBuilder();
            int size = 2000 + r.nextInt(38000);
            int line = 0;
            while (s.length() < size) {
                s.append(line(r, ext, line++)).append('\n');
            }
            if (n % 400 == 7) {
                s.append(n % 800 == 7 ? "aws_access_key_id = " + awsKey(r) : "GITHUB_TOKEN=" + githubToken(r)).append('\n');
                planted++;
            }
            byte[] bytes = s.toString().getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve("File" + n++ + "." + ext), bytes);
            written += bytes.length;
        }
        System.out.println(n + " files, " + written + " bytes, " + planted + " planted secrets");
    }

    private static String line(Random r, String ext, int i) {
        String a = WORDS[r.nextInt(WORDS.length)];
        String b = WORDS[r.nextInt(WORDS.length)];
        int v = r.nextInt(100000);
        return switch (ext) {
            case "java" -> "        final var " + a + i + " = " + b + "Service.get" + cap(a) + "(\"" + b + "-" + v + "\"); // " + a + " " + b;
            case "js", "ts" -> "  const " + a + i + " = await " + b + ".fetch(`/api/" + a + "/${id}`, { retries: " + (v % 7) + " });";
            case "py" -> "    " + a + "_" + i + " = self." + b + ".lookup(\"" + a + "\", default=" + v + ")  # " + b;
            case "yaml" -> "  " + a + "_" + i + ": \"" + b + "-" + v + "\"";
            case "json" -> "  \"" + a + i + "\": {\"" + b + "\": " + v + ", \"enabled\": " + (v % 2 == 0) + "},";
            case "go" -> "\t" + a + i + ", err := " + b + ".Load" + cap(a) + "(ctx, \"" + v + "\")";
            default -> "The " + a + " keeps the " + b + " for " + v + " ms unless the " + a + " is reset by the operator.";
        };
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String awsKey(Random r) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder s = new StringBuilder("AKIA");
        for (int i = 0; i < 16; i++) {
            s.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String githubToken(Random r) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            body.append(B62.charAt(r.nextInt(62)));
        }
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        StringBuilder check = new StringBuilder();
        while (v > 0) {
            check.insert(0, B62.charAt((int) (v % 62)));
            v /= 62;
        }
        while (check.length() < 6) {
            check.insert(0, '0');
        }
        return "ghp_" + body + check;
    }
}
