package dev.coffer.core.logical;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of a backend's path table: a pattern relative to the mount (a regular expression that
 * must match the whole path; named groups become fields), its fields and one handler per
 * operation. {@code sudo} paths need the {@code sudo} capability besides the operation's own;
 * {@code anyToken} paths skip the ACL (any valid token may call them) and check access themselves;
 * {@code anyFields} paths take arbitrary request fields (KV v1 and cubbyhole store the body itself);
 * {@code unauthenticated} paths (an auth method's {@code login}) are served without a token and
 * without an ACL check: the backend checks the credentials in the request itself.
 */
public record PathSpec(String pattern, Map<String, Field> fields, Map<Operation, Handler> operations,
                       boolean sudo, boolean anyToken, boolean anyFields, boolean unauthenticated, String synopsis,
                       String description) {

    public PathSpec {
        fields = Map.copyOf(fields);
        operations = Map.copyOf(operations);
        PATTERNS.computeIfAbsent(pattern, PathSpec::compile);
    }

    private static final Pattern GROUP = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9_]*)>");

    /** Java group names cannot hold '_': field names are mangled into legal group names. */
    static String groupName(String field) {
        return field.replace("_", "U95");
    }

    private static Pattern compile(String pattern) {
        Matcher m = GROUP.matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("(?<" + groupName(m.group(1)) + ">"));
        }
        m.appendTail(out);
        return Pattern.compile(out.toString());
    }

    /** The fields this pattern captures from the path (its named groups), in pattern order. */
    List<String> pathFields() {
        return PATH_FIELDS.computeIfAbsent(pattern, p -> {
            List<String> names = new java.util.ArrayList<>();
            Matcher m = GROUP.matcher(p);
            while (m.find()) {
                names.add(m.group(1));
            }
            return List.copyOf(names);
        });
    }

    private static final Map<String, List<String>> PATH_FIELDS = new java.util.concurrent.ConcurrentHashMap<>();

    Matcher match(String path) {
        Matcher m = compiled().matcher(path);
        return m.matches() ? m : null;
    }

    private Pattern compiled() {
        return PATTERNS.computeIfAbsent(pattern, PathSpec::compile);
    }

    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    public static Builder path(String pattern) {
        return new Builder(pattern);
    }

    /** Reads like the table it builds: {@code path("seal").update(this::seal).sudo().synopsis(...)}. */
    public static final class Builder {
        private final String pattern;
        private final Map<String, Field> fields = new LinkedHashMap<>();
        private final Map<Operation, Handler> ops = new LinkedHashMap<>();
        private boolean sudo;
        private boolean anyToken;
        private boolean anyFields;
        private boolean unauthenticated;
        private String synopsis = "";
        private String description = "";

        private Builder(String pattern) {
            this.pattern = pattern;
        }

        public Builder fields(List<Field> list) {
            list.forEach(f -> fields.put(f.name(), f));
            return this;
        }

        public Builder field(Field f) {
            fields.put(f.name(), f);
            return this;
        }

        public Builder on(Operation op, Handler h) {
            ops.put(op, h);
            return this;
        }

        public Builder read(Handler h) {
            return on(Operation.READ, h);
        }

        public Builder update(Handler h) {
            return on(Operation.UPDATE, h);
        }

        public Builder sudo() {
            this.sudo = true;
            return this;
        }

        public Builder anyToken() {
            this.anyToken = true;
            return this;
        }

        public Builder anyFields() {
            this.anyFields = true;
            return this;
        }

        /** A login path: no token needed; the handler checks the credentials the request carries. */
        public Builder unauthenticated() {
            this.unauthenticated = true;
            return this;
        }

        public Builder synopsis(String s) {
            this.synopsis = s;
            return this;
        }

        public Builder description(String s) {
            this.description = s;
            return this;
        }

        public PathSpec build() {
            return new PathSpec(pattern, fields, ops, sudo, anyToken, anyFields, unauthenticated, synopsis, description);
        }
    }
}
