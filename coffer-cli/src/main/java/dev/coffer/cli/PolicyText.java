package dev.coffer.cli;

import dev.coffer.cli.Hcl.Attr;
import dev.coffer.cli.Hcl.Blank;
import dev.coffer.cli.Hcl.Block;
import dev.coffer.cli.Hcl.Comment;
import dev.coffer.cli.Hcl.Entry;
import dev.coffer.cli.Hcl.Invalid;
import dev.coffer.cli.Hcl.Kind;
import dev.coffer.cli.Hcl.ListValue;
import dev.coffer.cli.Hcl.Node;
import dev.coffer.cli.Hcl.ObjectValue;
import dev.coffer.cli.Hcl.Scalar;
import dev.coffer.cli.Hcl.Token;
import dev.coffer.cli.Hcl.Value;
import java.util.List;
import java.util.Set;

/**
 * Checks a policy written in HCL and prints it in canonical form, for {@code coffer policy fmt}:
 * two-space indents, one blank line between blocks, aligned {@code =} in runs of attributes, short
 * lists on one line, {@code "} strings kept as written. Comments are kept where they stand. The
 * check is the policy language's (only {@code path "..." { ... }} blocks, known keys, known
 * capabilities); errors name the line and column.
 */
final class PolicyText {
    private static final Set<String> PATH_KEYS = Set.of("comment", "policy", "capabilities", "allowed_parameters",
            "denied_parameters", "required_parameters", "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods",
            "control_group", "subscribe_event_types");
    private static final Set<String> CAPABILITIES = Set.of("create", "read", "update", "patch", "delete", "list",
            "sudo", "deny", "subscribe", "recover");
    private static final Set<String> OLD_POLICIES = Set.of("deny", "read", "write", "sudo", "list");

    private PolicyText() {}

    /** The canonical text of a policy, ending in one newline. */
    static String format(String source) {
        List<Node> body = Hcl.parse(source);
        check(body);
        StringBuilder b = new StringBuilder();
        emit(b, body, "", true);
        return b.toString();
    }

    // ---- policy check ----------------------------------------------------------------------

    private static void check(List<Node> doc) {
        for (Node n : doc) {
            if (n instanceof Attr a && Hcl.name(a.key()).equals("name")) {
                continue;
            }
            if (n instanceof Block b && Hcl.name(b.key()).equals("path")) {
                if (b.labels().size() != 1 || b.labels().get(0).kind() != Kind.STRING) {
                    throw new Invalid(b.key().line(), b.key().col(), "a path block needs one quoted path: path \"secret/*\" { ... }");
                }
                checkPath(Hcl.unquote(b.labels().get(0).text()), b.body());
                continue;
            }
            if (n instanceof Attr || n instanceof Block) {
                Token key = n instanceof Attr a ? a.key() : ((Block) n).key();
                String what = n instanceof Attr ? "" : " block";
                throw new Invalid(key.line(), key.col(), "invalid key \"" + Hcl.name(key) + "\"" + what + ": a policy holds path \"...\" { ... } blocks");
            }
        }
    }

    private static void checkPath(String path, List<Node> body) {
        for (Node n : body) {
            if (n instanceof Block b) {
                String k = Hcl.name(b.key());
                if (!b.labels().isEmpty() || !(k.equals("allowed_parameters") || k.equals("denied_parameters"))) {
                    throw new Invalid(b.key().line(), b.key().col(), "path \"" + path + "\": invalid key \"" + k + "\"");
                }
            } else if (n instanceof Attr a) {
                String k = Hcl.name(a.key());
                if (!PATH_KEYS.contains(k)) {
                    throw new Invalid(a.key().line(), a.key().col(), "path \"" + path + "\": invalid key \"" + k + "\"");
                }
                if (k.equals("capabilities")) {
                    if (!(a.value() instanceof ListValue l)) {
                        throw new Invalid(a.key().line(), a.key().col(), "path \"" + path + "\": capabilities must be a list such as [\"read\", \"list\"]");
                    }
                    for (Object o : l.items()) {
                        if (!(o instanceof Entry e)) {
                            continue;
                        }
                        if (!(e.value() instanceof Scalar s) || s.token().kind() != Kind.STRING
                                || !CAPABILITIES.contains(Hcl.unquote(s.token().text()))) {
                            Token at = e.value() instanceof Scalar s ? s.token() : a.key();
                            throw new Invalid(at.line(), at.col(), "path \"" + path + "\": invalid capability "
                                    + (e.value() instanceof Scalar s ? s.token().text() : "value")
                                    + "; use create, read, update, patch, delete, list, sudo or deny");
                        }
                    }
                }
                if (k.equals("policy") && !(a.value() instanceof Scalar s && OLD_POLICIES.contains(Hcl.unquote(s.token().text())))) {
                    throw new Invalid(a.key().line(), a.key().col(), "path \"" + path + "\": invalid policy; use deny, read, write, sudo or list");
                }
            }
        }
    }

    // ---- printer ---------------------------------------------------------------------------

    private static void emit(StringBuilder b, List<Node> nodes, String indent, boolean top) {
        int[] widths = alignment(nodes, indent);
        boolean blank = false;
        Node prev = null;
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n instanceof Blank) {
                blank = true;
                continue;
            }
            if (prev != null && !(prev instanceof Comment) && top) {
                Node next = n;
                for (int j = i + 1; !(next instanceof Attr || next instanceof Block) && j < nodes.size(); j++) {
                    next = nodes.get(j);
                }
                blank |= prev instanceof Block || next instanceof Block;
            }
            if (blank && prev != null) {
                b.append('\n');
            }
            blank = false;
            if (n instanceof Comment c) {
                b.append(indent).append(c.text()).append('\n');
            } else if (n instanceof Attr a) {
                String key = a.key().text();
                b.append(indent).append(key).append(" ".repeat(Math.max(0, widths[i] - key.length()))).append(" = ")
                        .append(value(a.value(), indent));
                b.append(a.trailing() == null ? "" : " " + a.trailing()).append('\n');
            } else if (n instanceof Block k) {
                b.append(indent).append(k.key().text());
                for (Token l : k.labels()) {
                    b.append(' ').append(l.text());
                }
                boolean empty = k.body().stream().allMatch(x -> x instanceof Blank);
                if (empty) {
                    b.append(" {}");
                } else {
                    b.append(" {\n");
                    emit(b, k.body(), indent + "  ", false);
                    b.append(indent).append('}');
                }
                b.append(k.trailing() == null ? "" : " " + k.trailing()).append('\n');
            }
            prev = n;
        }
    }

    /** For each attribute, the key width its run of adjacent one-line attributes aligns to. */
    private static int[] alignment(List<Node> nodes, String indent) {
        int[] widths = new int[nodes.size()];
        int start = 0;
        while (start < nodes.size()) {
            int end = start;
            int w = 0;
            while (end < nodes.size() && nodes.get(end) instanceof Attr a && !value(a.value(), indent).contains("\n")) {
                w = Math.max(w, a.key().text().length());
                end++;
            }
            for (int i = start; i < end; i++) {
                widths[i] = w;
            }
            start = end == start ? start + 1 : end;
        }
        return widths;
    }

    private static String value(Value v, String indent) {
        if (v instanceof Scalar s) {
            return s.token().text();
        }
        if (v instanceof ObjectValue o) {
            if (o.body().stream().allMatch(x -> x instanceof Blank)) {
                return "{}";
            }
            StringBuilder b = new StringBuilder("{\n");
            emit(b, o.body(), indent + "  ", false);
            return b.append(indent).append('}').toString();
        }
        ListValue l = (ListValue) v;
        boolean simple = l.items().stream().allMatch(o -> o instanceof Entry e && e.trailing() == null
                && e.value() instanceof Scalar s && s.token().kind() != Kind.HEREDOC);
        if (simple) {
            List<String> parts = l.items().stream().map(o -> ((Scalar) ((Entry) o).value()).token().text()).toList();
            return "[" + String.join(", ", parts) + "]";
        }
        StringBuilder b = new StringBuilder("[\n");
        for (Object o : l.items()) {
            b.append(indent).append("  ");
            if (o instanceof Comment c) {
                b.append(c.text()).append('\n');
            } else {
                Entry e = (Entry) o;
                b.append(value(e.value(), indent + "  ")).append(',');
                b.append(e.trailing() == null ? "" : " " + e.trailing()).append('\n');
            }
        }
        return b.append(indent).append(']').toString();
    }
}
