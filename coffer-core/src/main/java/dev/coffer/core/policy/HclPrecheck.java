package dev.coffer.core.policy;

import static dev.coffer.core.policy.Messages.quote;

import dev.coffer.core.CofferException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * A lexical pass over HCL text before hcl4j sees it. hcl4j is lenient and does more than parse:
 * it accepts unbalanced brackets and an unclosed block or comment, keeps only the last of two
 * equal keys in a block (which could silently drop a {@code deny}), reads {@code 1.5e3} as
 * {@code "e3"}, evaluates <code>${...}</code> templates, functions, {@code for} expressions and
 * {@code data "http"} lookups (which fetch URLs), prints to standard output when it meets an
 * operator, and recurses without bound on deep nesting.
 *
 * <p>So only the part of HCL a policy needs gets through: outside strings and comments
 * ({@code #}, {@code //}, <code>/* *&#47;</code>), nothing but whitespace, {@code { } [ ] = ,},
 * identifiers (keys and block types), {@code true}, {@code false}, {@code null} and plain decimal
 * numbers; strings on one line without templates; at most {@value #MAX_DEPTH} levels of nesting;
 * each key once per block. Every refusal names the line.
 */
public final class HclPrecheck {
    static final int MAX_DEPTH = 32;

    private final String subject;
    private final Set<String> topLevelKeys;
    private final String text;
    private int pos;
    private int line = 1;

    private record Frame(char open, int line, Set<String> keys) {}

    private HclPrecheck(String subject, Set<String> topLevelKeys, String text) {
        this.subject = subject;
        this.topLevelKeys = topLevelKeys;
        this.text = text;
    }

    /** Throws {@link CofferException} {@code INVALID_REQUEST} if {@code text} fails the checks. */
    static void check(String policy, String text) {
        new HclPrecheck("policy " + quote(policy), Set.of("path", "name"), text).run();
    }

    /**
     * The same checks for another HCL document (the server's configuration file), so that hcl4j
     * never evaluates templates, functions or {@code data "http"} lookups from it either.
     *
     * @param subject       names the document in errors, e.g. {@code config}
     * @param topLevelKeys  the only keys and block types allowed at the top level (so that no
     *                      {@code data}, {@code locals} or {@code variable} block reaches hcl4j)
     */
    public static void checkDocument(String subject, Set<String> topLevelKeys, String text) {
        new HclPrecheck(subject, Set.copyOf(topLevelKeys), text).run();
    }

    private void run() {
        Deque<Frame> frames = new ArrayDeque<>();
        frames.push(new Frame('\0', 0, new HashSet<>()));
        String pendingKey = null;
        int blockHeaderLine = 0;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (blockHeaderLine > 0 && c != '"' && c != '{' && c != ' ' && c != '\t') {
                throw error("block at line " + blockHeaderLine + " has no { ... } after its labels");
            }
            if (c == '\n') {
                line++;
                pos++;
                pendingKey = null;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#' || startsWith("//")) {
                skipToEndOfLine();
            } else if (startsWith("/*")) {
                skipBlockComment();
            } else if (c == '"') {
                pendingKey = readString();
            } else if (c == '{' || c == '[') {
                blockHeaderLine = 0;
                if (frames.size() > MAX_DEPTH) {
                    throw error("nesting deeper than " + MAX_DEPTH + " levels at line " + line);
                }
                frames.push(new Frame(c, line, new HashSet<>()));
                pos++;
                pendingKey = null;
            } else if (c == '}' || c == ']') {
                Frame top = frames.peek();
                char expected = c == '}' ? '{' : '[';
                if (top.open() != expected) {
                    throw error(top.open() == '\0'
                            ? "unexpected '" + c + "' at line " + line
                            : "'" + c + "' at line " + line + " does not close the '" + top.open()
                                    + "' opened at line " + top.line());
                }
                frames.pop();
                pos++;
                pendingKey = null;
            } else if (c == '=') {
                Frame top = frames.peek();
                if (pendingKey != null && top.open() != '[' && !top.keys().add(pendingKey)) {
                    throw error("key " + quote(pendingKey) + " is set twice in the same block (line "
                            + line + ")");
                }
                pos++;
                pendingKey = null;
            } else if (isWordChar(c)) {
                int start = pos;
                while (pos < text.length() && isWordChar(text.charAt(pos))) {
                    pos++;
                }
                String word = text.substring(start, pos);
                if (checkWord(word, frames.size() == 1, afterEquals(start))) {
                    blockHeaderLine = line;
                }
                pendingKey = word;
            } else if (c == ',') {
                pos++;
                pendingKey = null;
            } else {
                throw error("unexpected character " + quote(String.valueOf(c)) + " at line " + line);
            }
        }
        if (blockHeaderLine > 0) {
            throw error("block at line " + blockHeaderLine + " has no { ... } after its labels");
        }
        Frame top = frames.peek();
        if (top.open() != '\0') {
            throw error("'" + top.open() + "' opened at line " + top.line() + " is never closed");
        }
    }

    /**
     * A bare word is a key, a block type, a number or a literal ({@code true}, {@code false},
     * {@code null}). Anything else would be an expression hcl4j evaluates (a variable, a
     * {@code data} lookup, which fetches URLs, a function call, a {@code for}), so it is refused.
     */
    /** True if the last thing before {@code start} on its line is {@code =}: a value, not a key. */
    private boolean afterEquals(int start) {
        int p = start - 1;
        while (p >= 0 && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p--;
        }
        return p >= 0 && text.charAt(p) == '=';
    }

    /** Checks a bare word; true if it starts a block header ({@code path "label" ... {}). */
    private boolean checkWord(String word, boolean topLevel, boolean isValue) {
        char first = word.charAt(0);
        boolean literal = word.equals("true") || word.equals("false") || word.equals("null");
        if (first == '-' || (first >= '0' && first <= '9')) {
            if (!isPlainNumber(word)) {
                throw error("unexpected " + quote(word) + " at line " + line
                        + " (numbers are plain decimals such as 300 or 1.5)");
            }
            literal = true;
        }
        if (literal) {
            // A policy has only blocks at its top level; a document (the server's configuration)
            // also has plain settings there: ui = true.
            if (topLevel && !(isValue && !topLevelKeys.contains("path"))) {
                throw error("unexpected " + quote(word) + " at line " + line);
            }
            return false;
        }
        int p = pos;
        while (p < text.length() && (text.charAt(p) == ' ' || text.charAt(p) == '\t')) {
            p++;
        }
        char next = p < text.length() ? text.charAt(p) : '\0';
        if (next == ':') {
            throw error("unexpected character \":\" at line " + line + "; HCL assigns with '='");
        }
        if (next != '=' && next != '{' && next != '"') {
            throw error("unexpected " + quote(word) + " at line " + line
                    + " (values are quoted strings, numbers, true, false, lists and objects;"
                    + " expressions are not supported)");
        }
        if (topLevel && !topLevelKeys.contains(word)) {
            throw CofferException.invalid(subject + ": unknown top-level key " + quote(word) + " at line " + line
                    + (topLevelKeys.contains("path") ? "; a policy is made of path \"...\" { ... } blocks"
                    : "; expected one of " + String.join(", ", new java.util.TreeSet<>(topLevelKeys))));
        }
        return next == '"';
    }

    /** {@code -?digits(.digits)?}: what hcl4j reads back as the number written. */
    private static boolean isPlainNumber(String word) {
        int i = word.charAt(0) == '-' ? 1 : 0;
        int digits = 0;
        while (i < word.length() && Character.isDigit(word.charAt(i)) && word.charAt(i) < 128) {
            i++;
            digits++;
        }
        if (digits == 0) {
            return false;
        }
        if (i < word.length() && word.charAt(i) == '.') {
            i++;
            int fraction = 0;
            while (i < word.length() && word.charAt(i) >= '0' && word.charAt(i) <= '9') {
                i++;
                fraction++;
            }
            if (fraction == 0) {
                return false;
            }
        }
        return i == word.length();
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.';
    }

    private boolean startsWith(String s) {
        return text.startsWith(s, pos);
    }

    private void skipToEndOfLine() {
        while (pos < text.length() && text.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int startLine = line;
        int end = text.indexOf("*/", pos + 2);
        if (end < 0) {
            throw error("comment opened at line " + startLine + " is never closed");
        }
        countLines(pos, end + 2);
        pos = end + 2;
    }

    private String readString() {
        int startLine = line;
        StringBuilder content = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n') {
                throw error("string opened at line " + startLine + " is never closed");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                return content.toString();
            }
            if (c == '\\') {
                if (pos + 1 >= text.length()) {
                    throw error("string opened at line " + startLine + " is never closed");
                }
                content.append(text.charAt(pos + 1));
                pos += 2;
                continue;
            }
            if ((c == '$' || c == '%') && pos + 1 < text.length() && text.charAt(pos + 1) == '{') {
                throw error("templates (" + c + "{...}) are not supported (line " + line + ")");
            }
            content.append(c);
            pos++;
        }
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
    }

    private CofferException error(String problem) {
        return CofferException.invalid(subject + ": HCL syntax error: " + problem);
    }
}
