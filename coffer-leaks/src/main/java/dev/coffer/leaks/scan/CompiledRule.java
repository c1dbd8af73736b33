package dev.coffer.leaks.scan;

import com.google.re2j.Pattern;

/** A {@link Rule} ready to run: its pattern and allowlist compiled. */
record CompiledRule(Rule rule, Pattern pattern, CompiledAllowlist allowlist) {

    static CompiledRule of(Rule rule) {
        return new CompiledRule(rule, Pattern.compile(rule.regex()), new CompiledAllowlist(rule.allowlist()));
    }
}
