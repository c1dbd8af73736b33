package dev.coffer.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code key=value} arguments of {@code coffer login -method=...}, as Vault's CLI reads them: a
 * value {@code @FILE} is the file's content (one trailing newline dropped), {@code -} is read from
 * stdin (once). Errors never repeat an argument's value: it may be a secret.
 */
final class LoginArgs {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_FILE = 1024 * 1024;

    /** Where {@code @FILE} and {@code -} values come from (the file system and stdin; a test's own). */
    interface Sources {
        String file(Path path) throws IOException;

        String stdin() throws IOException;

        Sources REAL = new Sources() {
            @Override
            public String file(Path path) throws IOException {
                if (Files.size(path) > MAX_FILE) {
                    throw new IOException("larger than " + MAX_FILE + " bytes");
                }
                return Files.readString(path, StandardCharsets.UTF_8);
            }

            @Override
            public String stdin() throws IOException {
                return new String(System.in.readNBytes(MAX_FILE + 1), StandardCharsets.UTF_8);
            }
        };
    }

    private LoginArgs() {}

    static Map<String, String> parse(List<String> args, Sources sources) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean stdinUsed = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            int eq = a == null ? -1 : a.indexOf('=');
            if (eq <= 0) {
                throw new CliFailure(2, "Error: argument " + (i + 1) + " is not of the form key=value");
            }
            String key = a.substring(0, eq);
            if (!KEY.matcher(key).matches()) {
                throw new CliFailure(2, "Error: argument " + (i + 1)
                        + " has an invalid key: use letters, digits, '_', '.' or '-' (at most 64)");
            }
            if (out.containsKey(key)) {
                throw new CliFailure(2, "Error: " + key + " is given twice");
            }
            String value = a.substring(eq + 1);
            if (value.equals("-")) {
                if (stdinUsed) {
                    throw new CliFailure(2, "Error: only one value can be read from stdin ('-')");
                }
                stdinUsed = true;
                value = read(key, "stdin", sources::stdin);
            } else if (value.startsWith("@")) {
                String file = value.substring(1);
                if (file.isEmpty()) {
                    throw new CliFailure(2, "Error: " + key + "=@ needs a file name");
                }
                Path path;
                try {
                    path = Path.of(file);
                } catch (java.nio.file.InvalidPathException e) {
                    throw new CliFailure(2, "Error: " + key + "=@FILE: not a valid file name");
                }
                value = read(key, "file " + path, () -> sources.file(path));
            }
            out.put(key, value);
        }
        return out;
    }

    private interface Read {
        String get() throws IOException;
    }

    private static String read(String key, String what, Read r) {
        String v;
        try {
            v = r.get();
        } catch (IOException | RuntimeException e) {
            throw new CliFailure(1, "Error reading the value of " + key + " from " + what + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (v.length() > MAX_FILE) {
            throw new CliFailure(1, "Error reading the value of " + key + " from " + what + ": larger than "
                    + MAX_FILE + " bytes");
        }
        return v.endsWith("\r\n") ? v.substring(0, v.length() - 2) : v.endsWith("\n") ? v.substring(0, v.length() - 1) : v;
    }
}
