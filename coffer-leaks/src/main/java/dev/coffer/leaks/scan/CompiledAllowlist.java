package dev.coffer.leaks.scan;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Set;

/** An {@link Allowlist} with its globs and regexes compiled once. */
final class CompiledAllowlist {
    static final CompiledAllowlist NONE = new CompiledAllowlist(Allowlist.NONE);

    private final Pattern paths;
    private final List<Pattern> secrets;
    private final Set<String> values;

    CompiledAllowlist(Allowlist a) {
        List<String> all = new java.util.ArrayList<>();
        a.pathGlobs().forEach(g -> all.add("(?:" + globToRegex(g) + ")"));
        a.pathRegexes().forEach(r -> all.add("(?:" + r + ")"));
        this.paths = all.isEmpty() ? null : Pattern.compile(String.join("|", all));
        this.secrets = a.secretRegexes().stream().map(Pattern::compile).toList();
        this.values = Set.copyOf(a.values());
    }

    boolean allowsPath(String path) {
        return paths != null && paths.matcher(path.replace('\\', '/')).find();
    }

    boolean allowsSecret(String secret) {
        if (values.contains(secret)) {
            return true;
        }
        for (Pattern pattern : secrets) {
            if (pattern.matcher(secret).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * A glob as an anchored regex: {@code **} spans folders, {@code *} and {@code ?} stay in one path
     * segment; a glob without {@code /} matches the file name in any folder.
     */
    static String globToRegex(String glob) {
        StringBuilder re = new StringBuilder("^");
        if (glob.indexOf('/') < 0) {
            re.append("(?:.*/)?");
        } else if (glob.startsWith("/")) {
            glob = glob.substring(1);
        }
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
                re.append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            } else if (c == '*') {
                re.append("[^/]*");
            } else if (c == '?') {
                re.append("[^/]");
            } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
                re.append('\\').append(c);
            } else {
                re.append(c);
            }
        }
        return re.append("$").toString();
    }
}
