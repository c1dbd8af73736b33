package dev.coffer.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns as Vault's CLI prints them (its {@code columnize}): cells trimmed, an empty cell
 * shown as {@code n/a}, four spaces between columns, the header underlined with dashes.
 */
final class Columns {
    private static final String GLUE = "    ";

    private Columns() {}

    /** A table: the header, a line of dashes under each header cell, then the rows. */
    static String table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.add(header.stream().map(h -> "-".repeat(h.strip().length())).toList());
        all.addAll(rows);
        return format(all);
    }

    /** Rows aligned in columns; the last cell of each row is not padded. */
    static String format(List<List<String>> rows) {
        List<List<String>> cells = new ArrayList<>();
        List<Integer> widths = new ArrayList<>();
        for (List<String> row : rows) {
            List<String> trimmed = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                String c = row.get(i) == null ? "" : row.get(i).strip();
                if (c.isEmpty()) {
                    c = "n/a";
                }
                trimmed.add(c);
                int w = c.codePointCount(0, c.length());
                if (widths.size() <= i) {
                    widths.add(w);
                } else if (w > widths.get(i)) {
                    widths.set(i, w);
                }
            }
            cells.add(trimmed);
        }
        StringBuilder b = new StringBuilder();
        for (List<String> row : cells) {
            for (int i = 0; i < row.size(); i++) {
                String c = row.get(i);
                b.append(c);
                if (i < row.size() - 1) {
                    b.append(" ".repeat(widths.get(i) - c.codePointCount(0, c.length()))).append(GLUE);
                }
            }
            b.append('\n');
        }
        return b.toString();
    }
}
