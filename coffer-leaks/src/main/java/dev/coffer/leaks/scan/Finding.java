package dev.coffer.leaks.scan;

/**
 * One credential found. The secret itself is never kept: only a masked {@code preview} (a few
 * leading characters and {@code ***}) and {@code secretSha256} (hex SHA-256 of the secret's bytes),
 * which baselines use as part of the fingerprint. Lines and columns are 1-based; columns count
 * characters (UTF-16 code units of the decoded line) from the start of the line. For a secret found
 * inside decoded content ({@code decodedFrom} = {@code base64}, {@code hex}, {@code percent}; null for
 * plain text) the position is that of the encoded text it came from.
 */
public record Finding(String ruleId, String description, Severity severity, Origin origin, int line, int column,
                      int endLine, int endColumn, String preview, String secretSha256, String decodedFrom) {

    /** The baseline identity: rule, file and secret hash, never the secret (and not the line: code moves). */
    public String fingerprint() {
        return ruleId + ":" + origin.path() + ":" + secretSha256;
    }
}
