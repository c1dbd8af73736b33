package dev.coffer.leaks.scan;

/** Line and column (1-based) of a character index in a text that starts at a known line and column. */
final class Positions {
    private Positions() {}

    /** {@code [line, column]} of {@code index} in {@code text}, whose first character is at {@code firstLine}, column {@code colBase + 1}. */
    static int[] of(String text, int index, int firstLine, int colBase) {
        int line = firstLine;
        int lastNl = -1;
        for (int i = 0; i < index; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lastNl = i;
            }
        }
        int column = index - lastNl;
        return new int[] {line, lastNl < 0 ? colBase + column : column};
    }
}
