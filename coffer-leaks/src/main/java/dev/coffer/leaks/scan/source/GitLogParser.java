package dev.coffer.leaks.scan.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads, as a stream, the output of {@code git log --raw -z --no-abbrev --format=FORMAT} (or of
 * {@code git diff --raw -z}, which has no commit headers): a commit header is {@code \1} and the
 * hash, then author name, email, date and subject, each NUL-terminated; each change is
 * {@code :srcmode dstmode srcid dstid status} NUL path NUL. Only the current commit is held.
 */
final class GitLogParser {
    /** The {@code --format} that produces the headers this parser reads. */
    static final String FORMAT = "--format=%x01%H%x00%an%x00%ae%x00%aI%x00%s";
    private static final int MAX_FIELD = 1 << 20;

    /** A commit header (null fields are absent in staged diffs, which have none). */
    record Commit(String hash, String author, String email, String date, String subject) {}

    /** A file whose new content is a blob worth reading, in a commit (null for a plain diff). */
    record Change(Commit commit, String blobId, String path) {}

    /** Receives the changes in order. */
    interface Handler {
        void change(Change change) throws IOException;
    }

    private GitLogParser() {
    }

    /**
     * Calls the handler for every added or modified regular file (mode 100644 or 100755); deletions,
     * submodules (160000) and symbolic links (120000) are left out. Malformed output is an
     * {@link IllegalArgumentException} that says what was wrong.
     */
    static void parse(InputStream in, Handler handler) throws IOException {
        NulTokens tokens = new NulTokens(in, MAX_FIELD);
        Commit commit = null;
        byte[] token;
        while ((token = tokens.next()) != null) {
            int start = 0;
            while (start < token.length && token[start] == '\n') {
                start++;
            }
            if (start == token.length) {
                continue;
            }
            if (token[start] == 1) {
                String hash = text(token, start + 1);
                commit = new Commit(checkId(hash, "commit"), field(tokens, "author"), field(tokens, "email"),
                        field(tokens, "date"), field(tokens, "subject"));
            } else if (token[start] == ':') {
                String meta = text(token, start + 1);
                byte[] pathBytes = tokens.next();
                if (pathBytes == null) {
                    throw new IllegalArgumentException("git output: a change without a path: " + shorten(meta));
                }
                Change change = change(commit, meta, text(pathBytes, 0));
                if (change != null) {
                    handler.change(change);
                }
            } else {
                throw new IllegalArgumentException("git output: expected a commit or a change, found: "
                        + shorten(text(token, start)));
            }
        }
    }

    private static Change change(Commit commit, String meta, String path) {
        String[] parts = meta.split(" ");
        if (parts.length != 5) {
            throw new IllegalArgumentException("git output: a change needs 5 fields, found: " + shorten(meta));
        }
        String dstMode = parts[1];
        String dstId = checkId(parts[3], "blob");
        char status = parts[4].isEmpty() ? '?' : parts[4].charAt(0);
        if ("ACMRT".indexOf(status) < 0 || !(dstMode.equals("100644") || dstMode.equals("100755"))) {
            return null;
        }
        if (path.isEmpty()) {
            throw new IllegalArgumentException("git output: a change with an empty path");
        }
        return new Change(commit, dstId, path);
    }

    private static String checkId(String id, String what) {
        if ((id.length() != 40 && id.length() != 64) || !id.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new IllegalArgumentException("git output: not a " + what + " id: " + shorten(id));
        }
        return id;
    }

    private static String field(NulTokens tokens, String name) throws IOException {
        byte[] value = tokens.next();
        if (value == null) {
            throw new IllegalArgumentException("git output: a commit header ends before its " + name);
        }
        return text(value, 0);
    }

    /** UTF-8 with bad bytes replaced: paths and names need not be UTF-8. */
    static String text(byte[] bytes, int from) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(bytes, from, bytes.length - from)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String shorten(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }
}
