package dev.coffer.cli.run;

import java.util.Objects;

/**
 * A reference to one field of a KV secret: {@code coffer://<mount>/<path>#<field>}, with an
 * optional {@code ?version=N} (KV version 2) before the {@code #} as in a URI, or after the field.
 * The mount and the path are not told apart here: the server says where the mount ends
 * ({@code sys/internal/ui/mounts}), as it does for {@code coffer kv get}.
 *
 * <p>A reference is not secret: it is printed in errors, the value it names never is.
 *
 * @param path    mount and path, without leading or trailing slash ({@code secret/app/db})
 * @param field   the key inside the secret's data ({@code password})
 * @param version the KV v2 version to read; 0 for the current one
 * @param text    the reference as written, for messages
 */
public record SecretRef(String path, String field, int version, String text) {
    public static final String SCHEME = "coffer://";

    public SecretRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(text, "text");
    }

    /** Whether a value is meant as a reference (it starts with {@code coffer://}). */
    public static boolean looksLike(String value) {
        return value != null && value.startsWith(SCHEME);
    }

    /**
     * Parses a reference.
     *
     * @throws RunFailure naming the reference and what is wrong with it
     */
    public static SecretRef parse(String text) {
        if (!looksLike(text)) {
            throw bad(text, "it must start with " + SCHEME);
        }
        String rest = text.substring(SCHEME.length());
        int hash = rest.indexOf('#');
        if (hash < 0) {
            String example = rest.isEmpty() ? "secret/app/db" : rest;
            throw bad(text, "it names no field: add #<field>, e.g. " + SCHEME + example + "#password");
        }
        String location = rest.substring(0, hash);
        String field = rest.substring(hash + 1);
        int version = 0;
        int q = location.indexOf('?');
        if (q >= 0) {
            version = version(text, location.substring(q + 1));
            location = location.substring(0, q);
        }
        int fq = field.lastIndexOf("?version=");
        if (fq >= 0) {
            if (version != 0) {
                throw bad(text, "it gives ?version twice");
            }
            version = version(text, field.substring(fq + 1));
            field = field.substring(0, fq);
        }
        if (field.isEmpty()) {
            throw bad(text, "the field after # is empty");
        }
        String path = trimSlashes(location);
        if (path.isEmpty()) {
            throw bad(text, "it names no secret: use " + SCHEME + "<mount>/<path>#<field>");
        }
        if (!path.contains("/")) {
            throw bad(text, "it names only the mount '" + path + "': add the secret's path, e.g. " + SCHEME + path + "/app/db#" + field);
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw bad(text, "its path has an empty, '.' or '..' segment");
            }
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isISOControl(c) || c == '\\' || c == '%') {
                throw bad(text, "its path has a control character, a backslash or a '%'");
            }
        }
        return new SecretRef(path, field, version, text);
    }

    private static int version(String text, String query) {
        if (!query.startsWith("version=")) {
            throw bad(text, "the only query parameter is ?version=N");
        }
        String n = query.substring("version=".length());
        try {
            int v = Integer.parseInt(n);
            if (v > 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(text, "?version must be a positive whole number, not '" + n + "'");
    }

    private static String trimSlashes(String p) {
        int from = 0;
        int to = p.length();
        while (from < to && p.charAt(from) == '/') {
            from++;
        }
        while (to > from && p.charAt(to - 1) == '/') {
            to--;
        }
        return p.substring(from, to);
    }

    private static RunFailure bad(String text, String why) {
        return new RunFailure("invalid secret reference " + text + ": " + why);
    }

    /** Where the secret is read: the path and version, without the field. */
    Location location() {
        return new Location(path, version);
    }

    /** One secret to read (several references may name fields of the same one). */
    record Location(String path, int version) {}

    @Override
    public String toString() {
        return text;
    }
}
