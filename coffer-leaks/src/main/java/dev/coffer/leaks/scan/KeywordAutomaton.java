package dev.coffer.leaks.scan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick over bytes, ASCII case-insensitive, compiled to a dense table over the alphabet of
 * keyword bytes: one table look-up per input byte. Immutable after construction, so thread-safe.
 */
final class KeywordAutomaton {
    private final int[] byteClass = new int[256];
    private final int classes;
    private final int[] delta;
    /** Keyword ids that end in each state (its own and those of its suffix states); null when none. */
    private final int[][] output;

    /** Receives each keyword occurrence; {@code end} is the index just after the keyword's last byte. */
    interface Hits {
        void hit(int keyword, int end);
    }

    KeywordAutomaton(List<String> keywords) {
        int next = 1;
        for (String k : keywords) {
            for (byte b : fold(k)) {
                if (byteClass[b & 0xff] == 0) {
                    byteClass[b & 0xff] = next++;
                }
            }
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            byteClass[c] = byteClass[c + 32];
        }
        classes = next;
        List<int[]> goTo = new ArrayList<>();
        List<List<Integer>> outs = new ArrayList<>();
        goTo.add(newRow());
        outs.add(new ArrayList<>());
        for (int id = 0; id < keywords.size(); id++) {
            int s = 0;
            for (byte b : fold(keywords.get(id))) {
                int c = byteClass[b & 0xff];
                if (goTo.get(s)[c] < 0) {
                    goTo.get(s)[c] = goTo.size();
                    goTo.add(newRow());
                    outs.add(new ArrayList<>());
                }
                s = goTo.get(s)[c];
            }
            outs.get(s).add(id);
        }
        int states = goTo.size();
        delta = new int[states * classes];
        output = new int[states][];
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int c = 0; c < classes; c++) {
            int t = goTo.get(0)[c];
            delta[c] = Math.max(t, 0);
            if (t > 0) {
                queue.add(t);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            outs.get(s).addAll(outs.get(fail[s]));
            for (int c = 0; c < classes; c++) {
                int t = goTo.get(s)[c];
                if (t > 0) {
                    fail[t] = delta[fail[s] * classes + c];
                    delta[s * classes + c] = t;
                    queue.add(t);
                } else {
                    delta[s * classes + c] = delta[fail[s] * classes + c];
                }
            }
        }
        for (int s = 0; s < states; s++) {
            List<Integer> o = outs.get(s);
            output[s] = o.isEmpty() ? null : o.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
    }

    private int[] newRow() {
        int[] row = new int[256];
        Arrays.fill(row, -1);
        return row;
    }

    private static byte[] fold(String keyword) {
        byte[] b = keyword.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] >= 'A' && b[i] <= 'Z') {
                b[i] += 32;
            }
        }
        return b;
    }

    /** Reports every keyword occurrence in {@code data[from, to)}. */
    void scan(byte[] data, int from, int to, Hits hits) {
        int[] d = delta;
        int[] cls = byteClass;
        int k = classes;
        int s = 0;
        for (int i = from; i < to; i++) {
            s = d[s * k + cls[data[i] & 0xff]];
            int[] out = output[s];
            if (out != null) {
                for (int id : out) {
                    hits.hit(id, i + 1);
                }
            }
        }
    }
}
