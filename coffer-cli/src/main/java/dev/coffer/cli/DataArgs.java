package dev.coffer.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Key/value arguments as Vault's CLI reads them: {@code k=v}; {@code k=@file} (the file's text is
 * the value); {@code k=-} (stdin's text is the value); {@code k=\@x} (a literal {@code @x});
 * {@code @file.json} or {@code -} alone (a JSON object, merged in). A repeated key becomes a list.
 * Failures are local errors (exit code 1) naming the argument.
 */
final class DataArgs {
    private final InputStream stdin;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private boolean stdinUsed;

    private DataArgs(InputStream stdin) {
        this.stdin = stdin;
    }

    static Map<String, Object> parse(List<String> args) {
        return parse(args, System.in);
    }

    static Map<String, Object> parse(List<String> args, InputStream stdin) {
        DataArgs d = new DataArgs(stdin);
        for (String a : args) {
            d.add(a);
        }
        return d.result;
    }

    /** {@code k=v} pairs only (no files, no stdin), as in {@code -metadata k=v}; values stay strings. */
    static Map<String, String> pairs(String flag, List<String> args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new CliFailure(2, "Invalid " + flag + " value '" + a + "': use key=value");
            }
            out.put(a.substring(0, eq), a.substring(eq + 1));
        }
        return out;
    }

    private void add(String raw) {
        if (raw.isEmpty()) {
            return;
        }
        int eq = raw.indexOf('=');
        if (eq < 0) {
            if (raw.equals("-")) {
                merge(Json.parseObject(readStdin(), "stdin"));
                return;
            }
            if (raw.startsWith("@")) {
                merge(Json.parseObject(readFile(raw.substring(1)), raw.substring(1)));
                return;
            }
            throw new CliFailure(1, "Failed to parse K=V data: invalid key/value pair \"" + raw + "\": format must be key=value");
        }
        String key = raw.substring(0, eq);
        String value = raw.substring(eq + 1);
        if (value.startsWith("@")) {
            value = readFile(value.substring(1));
        } else if (value.startsWith("\\@")) {
            value = value.substring(1);
        } else if (value.equals("-")) {
            value = readStdin();
        }
        Object existing = result.get(key);
        if (existing == null) {
            result.put(key, value);
        } else {
            List<Object> list = new ArrayList<>();
            if (existing instanceof List<?> l) {
                list.addAll(l);
            } else {
                list.add(existing);
            }
            list.add(value);
            result.put(key, list);
        }
    }

    private void merge(Map<String, Object> json) {
        result.putAll(json);
    }

    private String readStdin() {
        if (stdinUsed) {
            throw new CliFailure(1, "Failed to parse K=V data: stdin already consumed");
        }
        stdinUsed = true;
        try {
            return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure(1, "Failed to parse K=V data: cannot read stdin: " + e.getMessage());
        }
    }

    private static String readFile(String name) {
        try {
            return Files.readString(Path.of(name), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new CliFailure(1, "Failed to parse K=V data: error reading file " + name + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.getMessage()));
        }
    }
}
