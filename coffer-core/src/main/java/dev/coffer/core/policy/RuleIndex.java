package dev.coffer.core.policy;

import dev.coffer.core.logical.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The merged rules of an ACL, precompiled for lookup the way Vault keeps them: exact patterns in
 * a hash map, prefix ({@code *}) patterns in a character trie, and segment-wildcard ({@code +})
 * patterns as segment arrays grouped by their first segment.
 *
 * <p>Cost of one lookup for a path of length {@code n}: the exact map is {@code O(n)} (hashing);
 * the longest matching prefix is {@code O(n)} whatever the number of prefix rules; segment
 * patterns cost {@code O(n)} to split the path plus {@code O(s)} for each pattern of {@code s}
 * segments whose first segment equals the path's or is {@code +}. No regular expressions.
 */
final class RuleIndex {
    private final Map<String, MergedRule> exact = new HashMap<>();
    private final TrieNode prefixes = new TrieNode();
    private final Map<String, List<MergedRule>> segmentsByFirst = new HashMap<>();
    private final List<MergedRule> segmentsAnyFirst = new ArrayList<>();
    private boolean hasSegmentRules;

    RuleIndex(Collection<MergedRule> rules) {
        for (MergedRule r : rules) {
            if (r.rule.hasSegmentWildcards()) {
                hasSegmentRules = true;
                boolean anyFirst = r.segments[0].equals("+") || (r.prefix && r.segments.length == 1);
                if (anyFirst) {
                    segmentsAnyFirst.add(r);
                } else {
                    segmentsByFirst.computeIfAbsent(r.segments[0], k -> new ArrayList<>()).add(r);
                }
            } else if (r.prefix) {
                prefixes.put(r.body, r);
            } else {
                exact.put(r.body, r);
            }
        }
    }

    /**
     * The one rule that decides {@code op} on {@code path}, or null. As in Vault, an exact
     * pattern wins outright; for a list, {@code a/b/} also tries the exact pattern {@code a/b}
     * and then the wildcard patterns against {@code a/b}, before the wildcard patterns against
     * {@code a/b/}.
     */
    MergedRule resolve(Operation op, String path) {
        MergedRule r = exact.get(path);
        if (r != null) {
            return r;
        }
        if (op == Operation.LIST && path.endsWith("/")) {
            String trimmed = path.substring(0, path.length() - 1);
            r = exact.get(trimmed);
            if (r != null) {
                return r;
            }
            r = nonExact(trimmed);
            if (r != null) {
                return r;
            }
        }
        return nonExact(path);
    }

    private MergedRule nonExact(String path) {
        MergedRule best = prefixes.longestPrefixOf(path);
        if (!hasSegmentRules) {
            return best;
        }
        String[] parts = path.split("/", -1);
        best = bestOf(best, segmentsByFirst.getOrDefault(parts[0], List.of()), parts);
        return bestOf(best, segmentsAnyFirst, parts);
    }

    private static MergedRule bestOf(MergedRule best, List<MergedRule> candidates, String[] parts) {
        for (MergedRule c : candidates) {
            if (c.matchesSegments(parts) && (best == null || MergedRule.comparePriority(c, best) > 0)) {
                best = c;
            }
        }
        return best;
    }

    /** A character trie; each node holds the rule whose prefix ends there, if any. */
    private static final class TrieNode {
        private char[] keys = new char[0];
        private TrieNode[] children = new TrieNode[0];
        private MergedRule rule;

        void put(String key, MergedRule value) {
            TrieNode node = this;
            for (int i = 0; i < key.length(); i++) {
                node = node.childOrCreate(key.charAt(i));
            }
            node.rule = value;
        }

        MergedRule longestPrefixOf(String s) {
            TrieNode node = this;
            MergedRule found = rule;
            for (int i = 0; i < s.length() && node != null; i++) {
                node = node.child(s.charAt(i));
                if (node != null && node.rule != null) {
                    found = node.rule;
                }
            }
            return found;
        }

        private TrieNode child(char c) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] == c) {
                    return children[i];
                }
            }
            return null;
        }

        private TrieNode childOrCreate(char c) {
            TrieNode existing = child(c);
            if (existing != null) {
                return existing;
            }
            keys = Arrays.copyOf(keys, keys.length + 1);
            children = Arrays.copyOf(children, children.length + 1);
            keys[keys.length - 1] = c;
            TrieNode created = new TrieNode();
            children[children.length - 1] = created;
            return created;
        }
    }
}
