package dev.coffer.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints answers as Vault's CLI does: aligned {@code Key}/{@code Value} tables (keys sorted, values
 * in Go's notation, TTL-like numbers as durations), {@code -format=json} (the server's JSON,
 * indented), {@code -format=yaml}, or one raw field with {@code -field}.
 */
final class Output {
    static final String TABLE = "table";
    static final String JSON = "json";
    static final String YAML = "yaml";

    private Output() {}

    private static PrintStream out() {
        return System.out;
    }

    /** A format name checked and normalised: table, json or yaml ({@code yml} is yaml). */
    static String checkFormat(String format) {
        String f = format == null ? TABLE : format.trim().toLowerCase(Locale.ROOT);
        return switch (f) {
            case TABLE, JSON, YAML -> f;
            case "yml" -> YAML;
            default -> throw new CliFailure(2, "Invalid output format: " + format + " (use table, json or yaml)");
        };
    }

    /** The operator commands' output: fixed rows in their own order, or the server's JSON. */
    static void print(String format, Object json, Map<String, Object> rows) {
        String f = checkFormat(format);
        if (!f.equals(TABLE)) {
            structured(f, json);
            return;
        }
        table(rows);
    }

    /** Key/Value rows in the given order, {@code n/a} for an empty value. */
    static void table(Map<String, Object> rows) {
        List<List<String>> r = new ArrayList<>();
        rows.forEach((k, v) -> r.add(List.of(k, v == null ? "" : String.valueOf(v))));
        out().print(Columns.table(List.of("Key", "Value"), r));
    }

    /** JSON or YAML of any decoded value. */
    static void structured(String format, Object value) {
        out().println(YAML.equals(format) ? Yaml.write(value) : Json.pretty(value));
    }

    /**
     * Vault's {@code OutputSecret}: for a table, warnings (on stderr), lease rows, the token rows
     * of an {@code auth} answer, then {@code data} sorted by key; the whole answer otherwise.
     */
    static void secret(String format, Map<String, Object> answer) {
        if (!TABLE.equals(format)) {
            structured(format, answer);
            return;
        }
        warnings(answer);
        List<List<String>> rows = new ArrayList<>();
        long lease = number(answer.get("lease_duration"));
        if (lease > 0) {
            String leaseId = String.valueOf(answer.getOrDefault("lease_id", ""));
            if (!leaseId.isEmpty()) {
                rows.add(List.of("lease_id", leaseId));
                rows.add(List.of("lease_duration", GoText.humanDuration(lease)));
                rows.add(List.of("lease_renewable", String.valueOf(answer.get("renewable"))));
            } else {
                rows.add(List.of("refresh_interval", GoText.humanDuration(lease)));
            }
        }
        if (answer.get("auth") instanceof Map<?, ?> auth) {
            rows.addAll(authRows(auth, true));
        }
        if (answer.get("data") instanceof Map<?, ?> data) {
            rows.addAll(dataRows(data));
        }
        if (!rows.isEmpty()) {
            out().print(Columns.table(List.of("Key", "Value"), rows));
        }
    }

    /** The rows Vault prints for a token: {@code token} (unless hidden), accessor, duration, policies. */
    static List<List<String>> authRows(Map<?, ?> auth, boolean showToken) {
        List<List<String>> rows = new ArrayList<>();
        if (showToken) {
            rows.add(List.of("token", String.valueOf(auth.get("client_token"))));
        }
        rows.add(List.of("token_accessor", String.valueOf(auth.get("accessor"))));
        long d = number(auth.get("lease_duration"));
        rows.add(List.of("token_duration", d == 0 ? "∞" : GoText.humanDuration(d)));
        rows.add(List.of("token_renewable", String.valueOf(auth.get("renewable"))));
        rows.add(List.of("token_policies", GoText.quotedList(auth.get("token_policies"))));
        rows.add(List.of("identity_policies", GoText.quotedList(auth.get("identity_policies"))));
        rows.add(List.of("policies", GoText.quotedList(auth.get("policies"))));
        if (auth.get("metadata") instanceof Map<?, ?> meta) {
            GoText.sorted(meta).forEach((k, v) -> rows.add(List.of("token_meta_" + k, GoText.value(v))));
        }
        return rows;
    }

    private static List<List<String>> dataRows(Map<?, ?> data) {
        List<List<String>> rows = new ArrayList<>();
        GoText.sorted(data).forEach((k, v) ->
                rows.add(List.of(k, GoText.value(GoText.looksLikeDuration(k) ? GoText.humanDuration(v) : v))));
        return rows;
    }

    /** Vault's {@code OutputData}: a map as a sorted Key/Value table, a list as a Keys table. */
    static void data(String format, Object data) {
        if (!TABLE.equals(format)) {
            structured(format, data);
            return;
        }
        if (data instanceof Map<?, ?> m) {
            if (!m.isEmpty()) {
                out().print(Columns.table(List.of("Key", "Value"), dataRows(m)));
            }
        } else if (data instanceof List<?> l) {
            keys(l);
        } else if (data != null) {
            out().println(GoText.value(data));
        }
    }

    /** A listing's keys, sorted, under a {@code Keys} header. */
    static void keys(List<?> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> sorted = keys.stream().map(String::valueOf).sorted().toList();
        List<List<String>> rows = sorted.stream().map(List::of).toList();
        out().print(Columns.table(List.of("Keys"), rows));
    }

    /** A field's raw value: Go's {@code %v} for a table, else the value in the format; one newline. */
    static void raw(String format, Object value) {
        if (TABLE.equals(format)) {
            out().println(GoText.value(value));
        } else {
            structured(format, value);
        }
    }

    /** The server's warnings, on stderr as Vault's CLI prints them. */
    static void warnings(Map<String, Object> answer) {
        if (answer.get("warnings") instanceof List<?> w && !w.isEmpty()) {
            PrintStream err = System.err;
            err.println("WARNING! The following warnings were returned from Vault:");
            err.println();
            for (Object o : w) {
                err.println("  * " + o);
                err.println();
            }
        }
    }

    /** A section title as Vault centres it over a table of these keys: {@code ====== Data ======}. */
    static String header(String title, Map<?, ?> data) {
        int maxKey = 0;
        for (Object k : data.keySet()) {
            maxKey = Math.max(maxKey, String.valueOf(k).length());
        }
        return padEqualSigns(title, maxKey + 4 + 5);
    }

    static String padEqualSigns(String title, int totalLength) {
        int signs = totalLength - (title.length() + 2);
        if (signs <= 0) {
            signs = 4;
        }
        if (signs % 2 != 0) {
            signs++;
        }
        String side = "=".repeat(signs / 2);
        return side + " " + title + " " + side;
    }

    /** A path under its own title, as {@code kv get} and {@code kv put} open their output. */
    static void path(String title, String path) {
        out().println(padEqualSigns(title, path.length()));
        out().println(path);
        out().println();
    }

    static void line(String text) {
        out().println(text);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }
}
