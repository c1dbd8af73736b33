package dev.coffer.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy paths templated from a token's identity claims, so that one policy serves every CI
 * repository and each reaches only its own secrets:
 * {@code path "secret/data/ci/{{identity.claims.repository}}/*"}. A claim is read from the token's
 * metadata, where the login put it (the JWT method copies the CI claims there).
 *
 * <p>A rule whose template cannot be filled safely is dropped, never widened: a missing or empty
 * claim, or a value that could change the path's meaning (a {@code *} or {@code +}, an empty,
 * {@code .} or {@code ..} segment, braces, or a character outside letters, digits and
 * {@code - _ . @ : = /}).
 */
public final class PolicyTemplate {
    static final Pattern TEMPLATE = Pattern.compile("\\{\\{\\s*identity\\.claims\\.([A-Za-z0-9_.-]+)\\s*}}");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9_.@:=/-]{1,256}");

    private PolicyTemplate() {}

    static boolean isTemplated(Policy p) {
        for (PathRule r : p.rules()) {
            if (r.pattern().contains("{{")) {
                return true;
            }
        }
        return false;
    }

    /** The policy with its templates filled from {@code claims}; unfillable rules are left out. */
    static Policy resolve(Policy p, Map<String, String> claims) {
        List<PathRule> out = new ArrayList<>();
        for (PathRule r : p.rules()) {
            if (!r.pattern().contains("{{")) {
                out.add(r);
                continue;
            }
            fill(r.pattern(), claims).ifPresent(path -> out.add(new PathRule(path, r.capabilities(),
                    r.allowedParameters(), r.deniedParameters(), r.requiredParameters(), r.minWrappingTtl(),
                    r.maxWrappingTtl())));
        }
        return new Policy(p.name(), out);
    }

    /** Fills every template of {@code pattern}, or empty if one of them cannot be filled safely. */
    public static Optional<String> fill(String pattern, Map<String, String> claims) {
        Matcher m = TEMPLATE.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = claims.get(m.group(1));
            if (!safe(value)) {
                return Optional.empty();
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return Optional.of(sb.toString());
    }

    private static boolean safe(String value) {
        if (value == null || !SAFE_VALUE.matcher(value).matches()) {
            return false;
        }
        for (String seg : value.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
