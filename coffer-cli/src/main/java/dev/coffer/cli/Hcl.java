package dev.coffer.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The HCL a policy is written in, as a tree that keeps what a formatter must keep: comments (on
 * their own lines or ending one), blank lines, and strings as written. {@link #parse} checks the
 * syntax only; errors name the line and column.
 */
final class Hcl {
    private Hcl() {}

    /** A syntax or policy error at a place in the text. */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Invalid(int line, int col, String message) {
            super("line " + line + (col > 0 ? ", column " + col : "") + ": " + message);
        }
    }

    static List<Node> parse(String source) {
        return new Parser(HclLexer.tokens(source)).document();
    }

    enum Kind { IDENT, STRING, NUMBER, HEREDOC, LBRACE, RBRACE, LBRACK, RBRACK, EQUALS, COMMA, NEWLINE, COMMENT, EOF }

    record Token(Kind kind, String text, int line, int col) {}

    sealed interface Node permits Comment, Blank, Attr, Block {}

    record Comment(String text) implements Node {}

    record Blank() implements Node {}

    record Attr(Token key, Value value, String trailing) implements Node {}

    record Block(Token key, List<Token> labels, List<Node> body, String trailing) implements Node {}

    sealed interface Value permits Scalar, ListValue, ObjectValue {}

    record Scalar(Token token) implements Value {}

    /** Items are {@link Entry}s and {@link Comment}s on lines of their own. */
    record ListValue(List<Object> items) implements Value {}

    /** A list element and the comment that ends its line, if any. */
    record Entry(Value value, String trailing) {}

    record ObjectValue(List<Node> body) implements Value {}

    /** Recursive descent over the tokens: a body is attributes ({@code k = v}) and blocks ({@code k "label" { ... }}). */
    private static final class Parser {
        private final List<Token> t;
        private int p;

        Parser(List<Token> tokens) {
            this.t = tokens;
        }

        List<Node> document() {
            return body(null);
        }

        /** Items until '}' (or the end, for the document); {@code open} is the '{' or null. */
        private List<Node> body(Token open) {
            List<Node> nodes = new ArrayList<>();
            int newlines = 0;
            int lastItemLine = open == null ? -1 : open.line();
            while (true) {
                Token k = t.get(p);
                switch (k.kind()) {
                    case NEWLINE -> {
                        p++;
                        if (++newlines == 2 && !nodes.isEmpty()) {
                            nodes.add(new Blank());
                        }
                        continue;
                    }
                    case COMMENT -> {
                        p++;
                        Node last = nodes.isEmpty() ? null : nodes.get(nodes.size() - 1);
                        if (k.line() == lastItemLine && last instanceof Attr a && a.trailing() == null) {
                            nodes.set(nodes.size() - 1, new Attr(a.key(), a.value(), k.text()));
                        } else if (k.line() == lastItemLine && last instanceof Block b && b.trailing() == null) {
                            nodes.set(nodes.size() - 1, new Block(b.key(), b.labels(), b.body(), k.text()));
                        } else {
                            nodes.add(new Comment(k.text()));
                        }
                    }
                    case RBRACE -> {
                        if (open == null) {
                            throw new Invalid(k.line(), k.col(), "unexpected '}' with no block open");
                        }
                        return nodes;
                    }
                    case EOF -> {
                        if (open != null) {
                            throw new Invalid(k.line(), k.col(), "missing '}' to close the '{' of line " + open.line());
                        }
                        return nodes;
                    }
                    case COMMA -> {
                        if (open == null) {
                            throw new Invalid(k.line(), k.col(), "unexpected ','");
                        }
                        p++;
                    }
                    case IDENT, STRING -> {
                        nodes.add(item());
                        lastItemLine = t.get(p - 1).line();
                        Token after = t.get(p);
                        if (after.kind() != Kind.NEWLINE && after.kind() != Kind.COMMENT && after.kind() != Kind.EOF
                                && after.kind() != Kind.RBRACE && after.kind() != Kind.COMMA) {
                            throw new Invalid(after.line(), after.col(), "expected a new line after the item, found " + shown(after));
                        }
                    }
                    default -> throw new Invalid(k.line(), k.col(), "expected a key such as path, found " + shown(k));
                }
                newlines = 0;
            }
        }

        private Node item() {
            Token key = t.get(p++);
            Token next = t.get(p);
            if (next.kind() == Kind.EQUALS) {
                p++;
                return new Attr(key, value(), null);
            }
            List<Token> labels = new ArrayList<>();
            while (t.get(p).kind() == Kind.STRING || t.get(p).kind() == Kind.IDENT) {
                labels.add(t.get(p++));
            }
            Token open = t.get(p);
            if (open.kind() != Kind.LBRACE) {
                throw new Invalid(open.line(), open.col(), "expected '=' or '{' after " + key.text() + ", found " + shown(open));
            }
            p++;
            List<Node> body = body(open);
            p++;
            return new Block(key, labels, body, null);
        }

        private Value value() {
            Token k = t.get(p);
            switch (k.kind()) {
                case STRING, NUMBER, IDENT, HEREDOC -> {
                    p++;
                    return new Scalar(k);
                }
                case LBRACK -> {
                    p++;
                    return list(k);
                }
                case LBRACE -> {
                    p++;
                    List<Node> body = body(k);
                    p++;
                    return new ObjectValue(body);
                }
                default -> throw new Invalid(k.line(), k.col(), "expected a value, found " + shown(k));
            }
        }

        private ListValue list(Token open) {
            List<Object> items = new ArrayList<>();
            boolean needComma = false;
            int lastValueLine = -1;
            while (true) {
                Token k = t.get(p);
                switch (k.kind()) {
                    case NEWLINE -> p++;
                    case COMMENT -> {
                        p++;
                        Object last = items.isEmpty() ? null : items.get(items.size() - 1);
                        if (k.line() == lastValueLine && last instanceof Entry e && e.trailing() == null) {
                            items.set(items.size() - 1, new Entry(e.value(), k.text()));
                        } else {
                            items.add(new Comment(k.text()));
                        }
                    }
                    case RBRACK -> {
                        p++;
                        return new ListValue(items);
                    }
                    case COMMA -> {
                        if (!needComma) {
                            throw new Invalid(k.line(), k.col(), "unexpected ',' in list");
                        }
                        p++;
                        needComma = false;
                    }
                    case EOF -> throw new Invalid(k.line(), k.col(), "missing ']' to close the '[' of line " + open.line());
                    default -> {
                        if (needComma) {
                            throw new Invalid(k.line(), k.col(), "expected ',' or ']' in list, found " + shown(k));
                        }
                        items.add(new Entry(value(), null));
                        lastValueLine = t.get(p - 1).line();
                        needComma = true;
                    }
                }
            }
        }

        private static String shown(Token k) {
            return switch (k.kind()) {
                case NEWLINE -> "the end of the line";
                case EOF -> "the end of the file";
                default -> "'" + k.text() + "'";
            };
        }
    }

    static String name(Token key) {
        return key.kind() == Kind.STRING ? unquote(key.text()) : key.text();
    }

    static String unquote(String quoted) {
        String in = quoted.substring(1, quoted.length() - 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < in.length(); i++) {
            char c = in.charAt(i);
            if (c == '\\' && i + 1 < in.length()) {
                char n = in.charAt(++i);
                b.append(switch (n) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
