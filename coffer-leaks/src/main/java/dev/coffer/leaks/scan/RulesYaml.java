package dev.coffer.leaks.scan;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a rules file. Every problem becomes an {@link IllegalArgumentException} naming the file, the
 * rule and field, and what is wrong; values from allowlists are never echoed.
 */
final class RulesYaml {
    /**
     * The pattern of an {@code assign}/{@code value} rule: a name matching {@code assign} (any case, with a
     * suffix), an assignment operator ({@code =}, {@code :}, {@code :=}, {@code =>}) or a comma between
     * quoted strings ({@code ("TOKEN", "...")}), optional quotes, then the secret matching {@code value},
     * followed by a quote, a separator or the line end.
     */
    static final String ASSIGN_TEMPLATE = "(?i:(?:@ASSIGN@)[a-z0-9_.-]{0,20})(?:[\"'`]?[ \\t]{0,3}"
            + "(?::=|=>|=|:)[ \\t]{0,3}(?:[\"'`]|\\\\\")?|[\"'`][ \\t]{0,3},[ \\t]{0,3}[\"'`])(@VALUE@)"
            + "(?:[\"'`\\s;,)\\]}&<]|\\\\[nrt\"]|$)";

    private static final Set<String> TOP = Set.of("rules", "allowlist", "disabled");
    private static final Set<String> RULE_FIELDS = Set.of("id", "description", "severity", "keywords", "regex",
            "assign", "value", "group", "entropy", "validator", "generic", "multiline", "allowlist");
    private static final Set<String> ALLOW_FIELDS = Set.of("paths", "pathRegexes", "regexes", "values");
    private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,79}$");

    private final String source;

    private RulesYaml(String source) {
        this.source = source;
    }

    static RuleSet parse(String text, String source, RuleSet base) {
        return new RulesYaml(source).read(text, base);
    }

    private RuleSet read(String text, RuleSet base) {
        Object doc;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(source).setAllowDuplicateKeys(false)
                    .setMaxAliasesForCollections(100).setCodePointLimit(16 * 1024 * 1024).build();
            doc = new Load(settings).loadFromString(text);
        } catch (MarkedYamlEngineException e) {
            String where = e.getProblemMark().map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                    .orElse("");
            throw new IllegalArgumentException(source + ": not valid YAML" + where + ": " + e.getProblem());
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException(source + ": not valid YAML (" + e.getClass().getSimpleName() + ")");
        } catch (RuntimeException | StackOverflowError e) {
            throw new IllegalArgumentException(source + ": not valid YAML (" + e.getClass().getSimpleName() + ")");
        }
        if (doc == null) {
            return base;
        }
        Map<String, Object> top = map(doc, "the document");
        for (String key : top.keySet()) {
            if (!TOP.contains(key)) {
                throw fail("unknown top-level field '" + key + "' (expected rules, allowlist, disabled)");
            }
        }
        Map<String, Rule> rules = new LinkedHashMap<>();
        for (Rule r : base.rules()) {
            rules.put(r.id(), r);
        }
        Object list = top.get("rules");
        if (list != null) {
            if (!(list instanceof List<?> items)) {
                throw fail("field 'rules' must be a list of rules");
            }
            for (int i = 0; i < items.size(); i++) {
                Map<String, Object> fields = map(items.get(i), "rule #" + (i + 1));
                Rule rule = rule(fields, i + 1, rules);
                rules.put(rule.id(), rule);
            }
        }
        for (String id : strings(top.get("disabled"), "field 'disabled'")) {
            if (rules.remove(id) == null) {
                throw fail("field 'disabled' names unknown rule '" + id + "'");
            }
        }
        Allowlist allow = top.containsKey("allowlist") ? allowlist(top.get("allowlist"), "field 'allowlist'")
                : Allowlist.NONE;
        return new RuleSet(new ArrayList<>(rules.values()), base.allowlist().and(allow));
    }

    private Rule rule(Map<String, Object> f, int index, Map<String, Rule> known) {
        Object idValue = f.get("id");
        if (!(idValue instanceof String id) || !ID.matcher(id).find()) {
            throw fail("rule #" + index + ": field 'id' is required: lower-case letters, digits and '-'");
        }
        String where = "rule '" + id + "'";
        for (String key : f.keySet()) {
            if (!RULE_FIELDS.contains(key)) {
                throw fail(where + ": unknown field '" + key + "'");
            }
        }
        Rule old = known.get(id);
        String description = f.containsKey("description") ? text(f.get("description"), where, "description")
                : old != null ? old.description() : null;
        if (description == null || description.isBlank()) {
            throw fail(where + ": field 'description' is required");
        }
        Severity severity = f.containsKey("severity") ? severity(f.get("severity"), where)
                : old != null ? old.severity() : Severity.HIGH;
        List<String> keywords = f.containsKey("keywords") ? keywords(f.get("keywords"), where)
                : old != null ? old.keywords() : null;
        if (keywords == null) {
            throw fail(where + ": field 'keywords' is required: the rule runs only on lines holding one");
        }
        String regex = regex(f, where, old);
        Pattern pattern = compile(regex, where, "regex");
        int defaultGroup = pattern.groupCount() > 0 ? 1 : 0;
        int group = f.containsKey("group") ? integer(f.get("group"), where, "group")
                : old != null && !f.containsKey("regex") && !f.containsKey("value") ? old.secretGroup() : defaultGroup;
        if (group < 0 || group > pattern.groupCount()) {
            throw fail(where + ": field 'group' is " + group + " but the regex has " + pattern.groupCount() + " groups");
        }
        double entropy = f.containsKey("entropy") ? number(f.get("entropy"), where, "entropy")
                : old != null ? old.minEntropy() : 0;
        if (entropy < 0 || entropy > 8) {
            throw fail(where + ": field 'entropy' must be between 0 and 8 bits per character");
        }
        String validator = f.containsKey("validator") ? text(f.get("validator"), where, "validator")
                : old != null ? old.validator() : null;
        if (validator != null && !Validators.NAMES.contains(validator)) {
            throw fail(where + ": field 'validator' is '" + validator + "', expected one of "
                    + new java.util.TreeSet<>(Validators.NAMES));
        }
        boolean generic = f.containsKey("generic") ? bool(f.get("generic"), where, "generic") : old != null && old.generic();
        boolean multiline = f.containsKey("multiline") ? bool(f.get("multiline"), where, "multiline")
                : old != null && old.multiline();
        Allowlist allow = f.containsKey("allowlist") ? allowlist(f.get("allowlist"), where + ": field 'allowlist'")
                : old != null ? old.allowlist() : Allowlist.NONE;
        return new Rule(id, description, severity, keywords, regex, group, entropy, validator, generic, multiline, allow);
    }

    private String regex(Map<String, Object> f, String where, Rule old) {
        boolean hasRegex = f.containsKey("regex");
        boolean hasAssign = f.containsKey("assign") || f.containsKey("value");
        if (hasRegex && hasAssign) {
            throw fail(where + ": give either 'regex' or 'assign' with 'value', not both");
        }
        if (hasRegex) {
            return text(f.get("regex"), where, "regex");
        }
        if (hasAssign) {
            if (!f.containsKey("assign") || !f.containsKey("value")) {
                throw fail(where + ": fields 'assign' and 'value' go together");
            }
            String assign = text(f.get("assign"), where, "assign");
            String value = text(f.get("value"), where, "value");
            compile(assign, where, "assign");
            Pattern v = compile(value, where, "value");
            if (v.groupCount() > 0) {
                throw fail(where + ": field 'value' must not have capture groups; use (?:...)");
            }
            return ASSIGN_TEMPLATE.replace("@ASSIGN@", assign).replace("@VALUE@", value);
        }
        if (old != null) {
            return old.regex();
        }
        throw fail(where + ": field 'regex' (or 'assign' with 'value') is required");
    }

    private Pattern compile(String regex, String where, String field) {
        if (regex.isEmpty()) {
            throw fail(where + ": field '" + field + "' is empty");
        }
        try {
            Pattern p = Pattern.compile(regex);
            if (p.matcher("").find()) {
                throw fail(where + ": field '" + field + "' matches the empty string");
            }
            return p;
        } catch (PatternSyntaxException e) {
            throw fail(where + ": field '" + field + "' is not a valid RE2 regex: " + e.getDescription());
        }
    }

    private List<String> keywords(Object value, String where) {
        List<String> list = strings(value, where + ": field 'keywords'");
        if (list.isEmpty()) {
            throw fail(where + ": field 'keywords' needs at least one keyword");
        }
        for (String k : list) {
            if (k.length() < 2 || !k.chars().allMatch(c -> c > 0x20 && c < 0x7f || c == ' ')) {
                throw fail(where + ": field 'keywords': each keyword needs 2 or more printable ASCII characters");
            }
        }
        return list;
    }

    private Allowlist allowlist(Object value, String where) {
        Map<String, Object> m = map(value, where);
        for (String key : m.keySet()) {
            if (!ALLOW_FIELDS.contains(key)) {
                throw fail(where + ": unknown field '" + key + "' (expected paths, pathRegexes, regexes, values)");
            }
        }
        List<String> paths = strings(m.get("paths"), where + ".paths");
        List<String> pathRegexes = strings(m.get("pathRegexes"), where + ".pathRegexes");
        List<String> regexes = strings(m.get("regexes"), where + ".regexes");
        List<String> values = strings(m.get("values"), where + ".values");
        for (String r : pathRegexes) {
            compile(r, where, "pathRegexes");
        }
        for (String r : regexes) {
            compile(r, where, "regexes");
        }
        for (String g : paths) {
            if (g.isEmpty()) {
                throw fail(where + ".paths: empty glob");
            }
            compile(CompiledAllowlist.globToRegex(g), where, "paths");
        }
        if (values.stream().anyMatch(String::isEmpty)) {
            throw fail(where + ".values: empty value");
        }
        return new Allowlist(paths, pathRegexes, regexes, values);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?> m)) {
            throw fail(what + " must be a mapping");
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw fail(what + " has a key that is not a string");
            }
        }
        return (Map<String, Object>) m;
    }

    private List<String> strings(Object value, String what) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw fail(what + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String s)) {
                throw fail(what + " must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    private String text(Object value, String where, String field) {
        if (!(value instanceof String s)) {
            throw fail(where + ": field '" + field + "' must be a string");
        }
        return s;
    }

    private Severity severity(Object value, String where) {
        try {
            return Severity.valueOf(text(value, where, "severity").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) {
                throw e;
            }
            throw fail(where + ": field 'severity' must be one of low, medium, high, critical");
        }
    }

    private int integer(Object value, String where, String field) {
        if (!(value instanceof Integer i)) {
            throw fail(where + ": field '" + field + "' must be a whole number");
        }
        return i;
    }

    private double number(Object value, String where, String field) {
        if (!(value instanceof Number n)) {
            throw fail(where + ": field '" + field + "' must be a number");
        }
        return n.doubleValue();
    }

    private boolean bool(Object value, String where, String field) {
        if (!(value instanceof Boolean b)) {
            throw fail(where + ": field '" + field + "' must be true or false");
        }
        return b;
    }

    private IllegalArgumentException fail(String problem) {
        return new IllegalArgumentException(source + ": " + problem);
    }
}
