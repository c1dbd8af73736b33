package dev.coffer.cli;

import dev.coffer.cli.Hcl.Invalid;
import dev.coffer.cli.Hcl.Kind;
import dev.coffer.cli.Hcl.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits HCL text into {@link Token}s: strings and heredocs as written, comments ({@code #},
 * {@code //}, block), new lines (they end items), punctuation; line and column for errors.
 */
final class HclLexer {
    static List<Token> tokens(String source) {
        return new HclLexer(source).tokens();
    }

    private final String s;
    private int i;
    private int line = 1;
    private int lineStart;
    private final List<Token> out = new ArrayList<>();

    private HclLexer(String s) {
        this.s = s.replace("\r\n", "\n");
    }

    private List<Token> tokens() {
        while (i < s.length()) {
            char c = s.charAt(i);
            int col = i - lineStart + 1;
            if (c == ' ' || c == '\t' || c == '\r' || c == '\uFEFF') {
                i++;
            } else if (c == '\n') {
                add(Kind.NEWLINE, "\n", col);
                i++;
                line++;
                lineStart = i;
            } else if (c == '#' || (c == '/' && peek(1) == '/')) {
                int end = s.indexOf('\n', i);
                end = end < 0 ? s.length() : end;
                add(Kind.COMMENT, s.substring(i, end).stripTrailing(), col);
                i = end;
            } else if (c == '/' && peek(1) == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new Invalid(line, col, "comment not closed: missing */");
                }
                String text = s.substring(i, end + 2);
                add(Kind.COMMENT, text, col);
                for (int k = i; k < end + 2; k++) {
                    if (s.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = end + 2;
            } else if (c == '"') {
                string(col);
            } else if (c == '<' && peek(1) == '<') {
                heredoc(col);
            } else if (Character.isDigit(c) || (c == '-' && Character.isDigit(peek(1)))) {
                int start = i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || ".+-".indexOf(s.charAt(i)) >= 0)) {
                    i++;
                }
                add(Kind.NUMBER, s.substring(start, i), col);
            } else if (Character.isLetter(c) || c == '_') {
                int start = i++;
                while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || "_-.".indexOf(s.charAt(i)) >= 0)) {
                    i++;
                }
                add(Kind.IDENT, s.substring(start, i), col);
            } else {
                Kind k = switch (c) {
                    case '{' -> Kind.LBRACE;
                    case '}' -> Kind.RBRACE;
                    case '[' -> Kind.LBRACK;
                    case ']' -> Kind.RBRACK;
                    case '=', ':' -> Kind.EQUALS;
                    case ',' -> Kind.COMMA;
                    default -> throw new Invalid(line, col, "unexpected character '" + c + "'");
                };
                add(k, String.valueOf(c), col);
                i++;
            }
        }
        add(Kind.EOF, "", i - lineStart + 1);
        return out;
    }

    private char peek(int ahead) {
        return i + ahead < s.length() ? s.charAt(i + ahead) : '\0';
    }

    private void add(Kind k, String text, int col) {
        out.add(new Token(k, text, line, col));
    }

    private void string(int col) {
        int start = i++;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == '"') {
                i++;
                add(Kind.STRING, s.substring(start, i), col);
                return;
            } else if (c == '\n') {
                break;
            } else {
                i++;
            }
        }
        throw new Invalid(line, col, "string not closed: missing \"");
    }

    private void heredoc(int col) {
        int startLine = line;
        int nl = s.indexOf('\n', i);
        if (nl < 0) {
            throw new Invalid(line, col, "heredoc without a body");
        }
        String marker = s.substring(i + 2, nl).trim();
        boolean indented = marker.startsWith("-");
        marker = indented ? marker.substring(1) : marker;
        if (!marker.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new Invalid(line, col, "invalid heredoc marker '" + marker + "'");
        }
        int pos = nl + 1;
        while (pos <= s.length()) {
            int end = s.indexOf('\n', pos);
            end = end < 0 ? s.length() : end;
            line++;
            String l = s.substring(pos, end);
            if ((indented ? l.trim() : l.stripTrailing()).equals(marker)) {
                out.add(new Token(Kind.HEREDOC, s.substring(i, end).stripTrailing(), startLine, col));
                i = end;
                lineStart = pos;
                return;
            }
            if (end == s.length()) {
                break;
            }
            pos = end + 1;
        }
        throw new Invalid(startLine, col, "heredoc not closed: missing " + marker);
    }
}
