package dev.coffer.leaks.mask;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file of values to mask: one value per line, as bytes. A line ends at LF; a CR before it is
 * dropped (CRLF files); a UTF-8 byte order mark at the start is dropped; empty lines are skipped.
 * Nothing else is interpreted: spaces, {@code #} and quotes are part of the value. A value with
 * several lines (a PEM key) cannot be written this way: give its lines as separate values, or pass
 * it in an environment variable.
 */
public final class ValuesFile {
    /** Files larger than this are refused: a values file lists secrets, not data. */
    public static final long MAX_SIZE = 16L << 20;

    private ValuesFile() {
    }

    /** The values in the file. */
    public static List<byte[]> read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_SIZE) {
            throw new IOException(file + " is " + size + " bytes; a values file may have at most " + MAX_SIZE);
        }
        return parse(Files.readAllBytes(file));
    }

    /** The values in a file's content. */
    public static List<byte[]> parse(byte[] content) {
        List<byte[]> values = new ArrayList<>();
        int start = content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
                && (content[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i <= content.length; i++) {
            if (i == content.length || content[i] == '\n') {
                int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    values.add(Arrays.copyOfRange(content, start, end));
                }
                start = i + 1;
            }
        }
        return values;
    }
}
