package dev.coffer.leaks.scan;

import java.util.List;

/**
 * One credential format. {@code regex} is an RE2 pattern (linear time); the secret is capture group
 * {@code secretGroup} (0 = the whole match). The rule runs only on lines holding one of its
 * {@code keywords} (matched case-insensitively). A candidate is reported when its Shannon entropy is at
 * least {@code minEntropy} (bits per character, 0 = no check), the named offline {@code validator}
 * accepts it (null = none), it is no known decoy and no allowlist covers it. {@code generic} rules
 * (assignments judged by entropy and context) yield to a specific rule that finds the same text;
 * {@code multiline} rules (private keys) may match across lines.
 */
public record Rule(String id, String description, Severity severity, List<String> keywords, String regex,
                   int secretGroup, double minEntropy, String validator, boolean generic, boolean multiline,
                   Allowlist allowlist) {

    public Rule {
        keywords = List.copyOf(keywords);
        allowlist = allowlist == null ? Allowlist.NONE : allowlist;
    }
}
