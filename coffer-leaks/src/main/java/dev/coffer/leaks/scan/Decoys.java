package dev.coffer.leaks.scan;

import com.google.re2j.Pattern;
import java.util.Locale;
import java.util.Set;

/**
 * Values that look like credentials but are not: documented examples, placeholders and template
 * variables, repeated or sequential characters, hashes, UUIDs, integrity strings, image digests and
 * public keys. Checked for every candidate before it is reported.
 */
final class Decoys {
    private static final Set<String> DOCUMENTED_EXAMPLES = Set.of(
            "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
            "sk_test_BQokikJOvBiI2HlWgH4olfQ2", "pk_test_TYooMQauvdEDq54NiTphI7jx", "AKIAI44QH8DHBEXAMPLE",
            "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY");
    private static final String[] PLACEHOLDER_MARKS = {"xxxx", "****", "....", "<", ">", "${", "{{", "}}", "%(",
        "your_", "your-", "yourapi", "yourkey", "yoursecret", "yourtoken", "_here", "-here", "changeme",
        "change_me", "change-me", "placeholder", "redacted", "dummy", "example", "insert", "replace_",
        "replace-", "replaceme", "todo", "fixme", "notreal", "not_real", "not-a-real", "fake_", "sample"};
    private static final Set<String> TRIVIAL_PASSWORDS = Set.of("password", "passwd", "pass", "secret", "changeme",
            "admin", "root", "postgres", "mysql", "redis", "guest", "user", "test", "none", "null", "true", "false",
            "required", "string", "empty", "default", "token", "value", "pwd", "mongo", "rabbitmq", "sa", "qwerty");
    private static final Pattern UUID = Pattern.compile(
            "(?i)^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
    private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]+$");
    private static final Pattern IDENTIFIER_PATH = Pattern.compile("^[A-Za-z_][A-Za-z_-]*(?:[.:][A-Za-z_][A-Za-z_-]*)*$");
    private static final Pattern HASH_CONTEXT = Pattern.compile(
            "(?i)sha[0-9]*|md5|hash|digest|checksum|integrity|commit|etag|fingerprint|revision|nonce|uuid|guid");
    private static final String[] DIGEST_PREFIXES = {"sha1-", "sha256-", "sha384-", "sha512-", "sha1:", "sha256:",
        "sha512:", "md5:", "md5-", "sha256=", "sha1=", "ssh-rsa", "ssh-ed25519", "ssh-dss", "ecdsa-sha2",
        "AAAAB3NzaC1", "AAAAC3NzaC1", "AAAAE2VjZHNh"};

    /**
     * References to a secret kept elsewhere, which is what a pipeline's config should hold:
     * Coffer's own, Vault's (GitLab CI, agents), 1Password's, AWS's and helm-secrets/vals'.
     */
    private static final String[] REFERENCE_PREFIXES = {"coffer://", "vault:", "vault://", "op://",
        "arn:aws:secretsmanager:", "arn:aws:ssm:", "ref+", "sm://", "azkv://", "akv://", "gcpsm://", "k8s://"};

    private Decoys() {}

    /** True when {@code secret} found by {@code rule} on {@code line} must not be reported. */
    static boolean isDecoy(String secret, boolean generic, String line) {
        if (DOCUMENTED_EXAMPLES.contains(secret) || isPlaceholder(secret)) {
            return true;
        }
        for (String p : DIGEST_PREFIXES) {
            if (secret.startsWith(p)) {
                return true;
            }
        }
        if (!generic) {
            return false;
        }
        String lowerSecret = secret.toLowerCase(Locale.ROOT);
        for (String p : REFERENCE_PREFIXES) {
            if (lowerSecret.startsWith(p)) {
                return true;
            }
        }
        if (UUID.matcher(secret).find() || IDENTIFIER_PATH.matcher(secret).find() || !mixed(secret)) {
            return true;
        }
        // ":x" is the rest of a "::" (a Java method reference, a C++ or Ruby scope), not a value.
        if (secret.startsWith(":") || secret.startsWith("/") || secret.startsWith("./") || secret.startsWith("http")
                || secret.startsWith("#/")) {
            return true;
        }
        return HEX.matcher(secret).find() && HASH_CONTEXT.matcher(line).find();
    }

    /** A letter and a digit or symbol: what a generated secret or a real password has, and a word does not. */
    private static boolean mixed(String s) {
        boolean letter = false;
        boolean other = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                letter = true;
            } else {
                other = true;
            }
        }
        return letter && other;
    }

    /** Placeholders, template variables, trivial words and runs of one or of consecutive characters. */
    static boolean isPlaceholder(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (TRIVIAL_PASSWORDS.contains(lower)) {
            return true;
        }
        for (String mark : PLACEHOLDER_MARKS) {
            if (lower.contains(mark)) {
                return true;
            }
        }
        if (value.startsWith("$") || value.startsWith("%") || value.startsWith("@")) {
            return true;
        }
        return repetitive(value);
    }

    /** At most 4 distinct characters, a run of 6 equal or 6 consecutive characters, or a short unit repeated. */
    static boolean repetitive(String s) {
        int n = s.length();
        if (n == 0) {
            return true;
        }
        long seen = 0;
        java.util.BitSet wide = null;
        int distinct = 0;
        int same = 1;
        int up = 1;
        int down = 1;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 64) {
                if ((seen & (1L << c)) == 0) {
                    seen |= 1L << c;
                    distinct++;
                }
            } else {
                if (wide == null) {
                    wide = new java.util.BitSet();
                }
                if (!wide.get(c)) {
                    wide.set(c);
                    distinct++;
                }
            }
            if (i > 0) {
                char p = s.charAt(i - 1);
                same = c == p ? same + 1 : 1;
                up = c == p + 1 && Character.isLetterOrDigit(c) ? up + 1 : 1;
                down = c == p - 1 && Character.isLetterOrDigit(c) ? down + 1 : 1;
                if (same >= 6 || up >= 6 || down >= 6) {
                    return true;
                }
            }
        }
        return distinct <= 4 || periodic(s);
    }

    /** A short unit repeated: {@code abcabcabc}, {@code xyz-xyz-}. */
    private static boolean periodic(String s) {
        int n = s.length();
        for (int p = 1; p <= Math.min(64, n / 2); p++) {
            boolean repeats = true;
            for (int i = p; i < n && repeats; i++) {
                repeats = s.charAt(i) == s.charAt(i - p);
            }
            if (repeats) {
                return true;
            }
        }
        return false;
    }
}
