package dev.coffer.leaks.mask;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A byte-level Aho-Corasick automaton over a set of patterns, with the {@link SkipFilter} that
 * lets a scan skip text where no pattern can start. Immutable once built; shared by every stream
 * of a {@link Masker}.
 *
 * <p>The nodes of the trie are numbered in the order of the sorted patterns (depth first), so a
 * node's first child, if any, is the next node; further children are linked as siblings. A state
 * is an {@code int}. States near the root (depth up to 3, within a memory budget) are "dense": the
 * state is the offset of the node's row in {@link #dense}, with the next state for each byte class,
 * so a step is one load. Deeper states are "deep": the state is {@code ~node}, and a step looks
 * among the node's children, else follows its failure link. Every pattern is longer than the dense
 * depth, so only deep states complete a match. State 0 is the root.
 *
 * <p>Building touches little fresh memory (about 17 bytes a node, plus the dense rows): on the
 * virtual machines CI runs on, first touching a page costs more than the work done in it.
 */
final class Automaton {
    /** At most this many dense entries (4 MB). */
    private static final int DENSE_BUDGET = 1 << 20;
    private static final int MAX_DENSE_DEPTH = 3;
    private static final Comparator<byte[]> UNSIGNED = new Comparator<>() {
        @Override
        public int compare(byte[] a, byte[] b) {
            return Arrays.compareUnsigned(a, b);
        }
    };

    /** Byte to class: 0 for bytes in no pattern, one class for each byte that occurs in one. */
    final int[] byteClass = new int[256];
    final int classes;
    /** Rows of dense states; an entry is the next state. */
    final int[] dense;
    /** The depth of each dense state, by row. */
    private final byte[] denseDepth;
    /** Per node: the byte that leads to it, its next sibling (0: none), its depth. */
    private final byte[] label;
    private final int[] sibling;
    private final int[] depth;
    /** Per deep node: its failure state. */
    private final int[] fail;
    /** Per deep node: the length of the longest pattern that ends there, 0 if none. */
    final int[] match;
    private final int size;
    final int maxLength;
    final int patternCount;
    final SkipFilter filter;

    /** An automaton over the given non-empty patterns; duplicates are ignored. */
    static Automaton build(List<byte[]> patterns) {
        return build(patterns, DENSE_BUDGET);
    }

    /** The same with at most {@code denseBudget} dense entries (tests use small ones). */
    static Automaton build(List<byte[]> patterns, int denseBudget) {
        byte[][] sorted = patterns.toArray(new byte[0][]);
        Arrays.sort(sorted, UNSIGNED);
        return new Automaton(sorted, denseBudget);
    }

    private Automaton(byte[][] sorted, int denseBudget) {
        // First pass: how many nodes, which bytes, how many nodes at each small depth.
        int[] common = new int[sorted.length];
        int[] perDepth = new int[MAX_DENSE_DEPTH + 2];
        boolean[] used = new boolean[256];
        int nodes = 1;
        int patterns = 0;
        int longest = 0;
        int shortest = Integer.MAX_VALUE;
        byte[] previous = new byte[0];
        for (int i = 0; i < sorted.length; i++) {
            byte[] p = sorted[i];
            if (p.length == 0) {
                throw new IllegalArgumentException("empty pattern");
            }
            int c = Arrays.mismatch(previous, p);
            common[i] = c;
            if (c >= 0) {
                nodes += p.length - c;
                patterns++;
                longest = Math.max(longest, p.length);
                shortest = Math.min(shortest, p.length);
                count(p, c, perDepth, used);
                previous = p;
            }
        }
        perDepth[0] = 1;
        size = nodes;
        patternCount = patterns;
        maxLength = longest;
        int classCount = 1;
        for (int b = 0; b < 256; b++) {
            if (used[b]) {
                byteClass[b] = classCount++;
            }
        }
        classes = classCount;
        int denseMaxDepth = 0;
        int denseCount = 1;
        for (int d = 1; d <= Math.min(MAX_DENSE_DEPTH, shortest - 1); d++) {
            if ((long) (denseCount + perDepth[d]) * classes > denseBudget) {
                break;
            }
            denseCount += perDepth[d];
            denseMaxDepth = d;
        }

        label = new byte[nodes];
        sibling = new int[nodes];
        depth = new int[nodes];
        fail = new int[nodes];
        match = new int[nodes];
        dense = new int[denseCount * classes];
        denseDepth = new byte[denseCount];
        new Inserter(sorted.length == 0 ? 0 : longest).insertAll(sorted, common);
        new Linker(denseMaxDepth).link();
        filter = new SkipFilter(sorted, common, patternCount, patterns == 0 ? 0 : shortest);
    }

    private static void count(byte[] p, int from, int[] perDepth, boolean[] used) {
        for (int d = from; d < p.length; d++) {
            used[p[d] & 0xff] = true;
            if (d + 1 < perDepth.length) {
                perDepth[d + 1]++;
            }
        }
    }

    /** Adds the sorted patterns to the trie; a new node is always the last child of its parent. */
    private final class Inserter {
        /** The nodes of the previous pattern, by depth. */
        private final int[] path;
        private int next = 1;
        private int previousLength;

        Inserter(int longest) {
            path = new int[longest + 1];
        }

        void insertAll(byte[][] sorted, int[] common) {
            // One call per pattern rather than one long loop: the JIT compiles a method called
            // often sooner than a loop, and building is part of every `coffer mask` start.
            for (int i = 0; i < sorted.length; i++) {
                if (common[i] >= 0) {
                    insert(sorted[i], common[i]);
                }
            }
        }

        private void insert(byte[] p, int common) {
            for (int d = common; d < p.length; d++) {
                int u = next++;
                label[u] = p[d];
                depth[u] = d + 1;
                if (d == common && previousLength > common) {
                    // The previous pattern's node at this depth is the parent's last child so far.
                    sibling[path[d + 1]] = u;
                }
                path[d + 1] = u;
            }
            match[path[p.length]] = p.length;
            previousLength = p.length;
        }
    }

    /**
     * Fills the dense rows and the failure links in breadth-first order. A state's failure state is
     * shallower, so its row (dense) or its failure link (deep) is complete when it is needed.
     */
    private final class Linker {
        private final int denseMaxDepth;
        /** The breadth-first queue of nodes; a dense node's row is its place in it. */
        private final int[] queue = new int[size];
        /** The failure state of each dense node, by row. */
        private final int[] denseFail = new int[denseDepth.length];
        private int tail = 1;

        Linker(int denseMaxDepth) {
            this.denseMaxDepth = denseMaxDepth;
        }

        void link() {
            // One call per node, for the same reason as in Inserter.
            for (int head = 0; head < size; head++) {
                linkChildren(head);
            }
        }

        private void linkChildren(int head) {
            int u = queue[head];
            boolean isDense = depth[u] <= denseMaxDepth;
            int row = head * classes;
            int failure = isDense ? denseFail[head] : fail[u];
            if (isDense && u != 0) {
                System.arraycopy(dense, failure, dense, row, classes);
            }
            if (isDense) {
                denseDepth[head] = (byte) depth[u];
            }
            for (int c = firstChild(u); c != 0; c = sibling[c]) {
                int t = tail++;
                queue[t] = c;
                int b = label[c] & 0xff;
                int f = u == 0 ? 0 : step(failure, b);
                if (depth[c] <= denseMaxDepth) {
                    denseFail[t] = f;
                    dense[row + byteClass[b]] = t * classes;
                } else {
                    fail[c] = f;
                    if (match[c] == 0 && f < 0) {
                        match[c] = match[~f];
                    }
                    if (isDense) {
                        dense[row + byteClass[b]] = ~c;
                    }
                }
            }
        }
    }

    /** The first child of a node, or 0: the next node if it is one level deeper. */
    private int firstChild(int node) {
        int c = node + 1;
        return c < size && depth[c] == depth[node] + 1 ? c : 0;
    }

    /** The state after {@code state} reads byte {@code b} (0-255). */
    int step(int state, int b) {
        int s = state;
        while (s < 0) {
            int u = ~s;
            for (int c = firstChild(u); c != 0; c = sibling[c]) {
                if ((label[c] & 0xff) == b) {
                    return ~c;
                }
            }
            s = fail[u];
        }
        return dense[s + byteClass[b]];
    }

    /** How many of the last bytes read are a prefix of some pattern. */
    int depth(int state) {
        return state >= 0 ? denseDepth[state / classes] : depth[~state];
    }

    /** The length of the longest pattern ending with the byte that led to this state, or 0. */
    int match(int state) {
        return state >= 0 ? 0 : match[~state];
    }
}
