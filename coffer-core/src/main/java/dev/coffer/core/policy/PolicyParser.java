package dev.coffer.core.policy;

import static dev.coffer.core.policy.Messages.quote;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.core.CofferException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Policy text to {@link Policy}: HCL through hcl4j (after {@link HclPrecheck}), JSON through
 * Jackson, then one structural reader for both, which refuses every key and type it does not
 * know.
 */
final class PolicyParser {
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(HclPrecheck.MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern HCL_POSITION = Pattern.compile("line: (\\d+) col: (\\d+)");
    private static final Pattern HCL_CHARACTER = Pattern.compile("Illegal character <\\((.)\\)");

    /** Longest wrapping TTL accepted, so that arithmetic on it never overflows. */
    private static final Duration MAX_TTL = Duration.ofDays(365L * 100);

    private static final List<String> BLOCK_KEYS = List.of("capabilities", "policy",
            "allowed_parameters", "denied_parameters", "required_parameters", "min_wrapping_ttl",
            "max_wrapping_ttl", "comment");

    private final String policy;

    private PolicyParser(String policy) {
        this.policy = policy;
    }

    static Policy parse(String name, String text) {
        PolicyParser p = new PolicyParser(name);
        if (text == null) {
            throw p.invalid("policy text is missing");
        }
        Object tree = looksLikeJson(text) ? p.readJson(text) : p.readHcl(text);
        return new Policy(name, p.rules(tree));
    }

    private static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    // ---- text to tree ------------------------------------------------------------------------

    private Object readHcl(String text) {
        HclPrecheck.check(policy, text);
        HCLParser parser = new HCLParser();
        // Defence in depth: the precheck already refuses the expressions that would reach it.
        parser.registerDataLookup("http", args -> {
            throw new IllegalStateException("data lookups are disabled");
        });
        try {
            return parser.parse(text);
        } catch (HCLParserException e) {
            throw hclError(e);
        } catch (RuntimeException e) {
            HCLParserException cause = findCause(e);
            throw cause != null ? hclError(cause) : invalid("HCL syntax error: the text could not be parsed");
        } catch (java.io.IOException | StackOverflowError e) {
            throw invalid("HCL syntax error: the text could not be parsed");
        }
    }

    private static HCLParserException findCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof HCLParserException h) {
                return h;
            }
        }
        return null;
    }

    private CofferException hclError(HCLParserException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        StringBuilder problem = new StringBuilder("HCL syntax error");
        Matcher ch = HCL_CHARACTER.matcher(message);
        if (ch.find()) {
            problem.append(": unexpected character ").append(quote(ch.group(1)));
        }
        Matcher at = HCL_POSITION.matcher(message);
        if (at.find()) {
            problem.append(" at line ").append(at.group(1)).append(", column ").append(at.group(2));
        }
        return invalid(problem.toString());
    }

    private Object readJson(String text) {
        try {
            return toPlain(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            StringBuilder problem = new StringBuilder("JSON syntax error");
            JsonLocation at = e.getLocation();
            if (at != null && at.getLineNr() > 0) {
                problem.append(" at line ").append(at.getLineNr()).append(", column ").append(at.getColumnNr());
            }
            String detail = e.getOriginalMessage();
            if (detail != null) {
                problem.append(": ").append(Messages.escape(detail, 120));
            }
            throw invalid(problem.toString());
        }
    }

    private static Object toPlain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.properties().forEach(e -> map.put(e.getKey(), toPlain(e.getValue())));
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(n -> list.add(toPlain(n)));
            return list;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() ? node.numberValue() : (Object) node.doubleValue();
        }
        return null;
    }

    // ---- tree to rules -----------------------------------------------------------------------

    private List<PathRule> rules(Object tree) {
        if (!(tree instanceof Map<?, ?> top)) {
            throw invalid("expected path blocks such as path \"secret/*\" { capabilities = [\"read\"] }");
        }
        Map<String, PathRule> rules = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (key.equals("name")) {
                continue;
            }
            if (!key.equals("path")) {
                throw invalid("unknown top-level key " + quote(key)
                        + "; a policy is made of path \"...\" { ... } blocks");
            }
            for (Map.Entry<?, ?> block : pathBlocks(e.getValue())) {
                String raw = String.valueOf(block.getKey());
                for (Map<?, ?> body : blockBodies(raw, block.getValue())) {
                    PathRule rule = rule(raw, body);
                    rules.merge(rule.pattern(), rule, PathRule::mergedWith);
                }
            }
        }
        if (rules.isEmpty()) {
            throw invalid("no path blocks; a policy needs at least one path \"...\" { ... } block");
        }
        return List.copyOf(rules.values());
    }

    /** {@code path} is an object of pattern → block, or a list of such objects. */
    private List<Map.Entry<?, ?>> pathBlocks(Object value) {
        List<Map.Entry<?, ?>> out = new ArrayList<>();
        List<?> items = value instanceof List<?> l ? l : Collections.singletonList(value);
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) {
                throw invalid("\"path\" must be blocks such as path \"secret/*\" { ... }");
            }
            out.addAll(m.entrySet());
        }
        return out;
    }

    /** A pattern's block, or the blocks of a pattern declared more than once. */
    private List<Map<?, ?>> blockBodies(String pattern, Object value) {
        List<?> items = value instanceof List<?> l ? l : Collections.singletonList(value);
        List<Map<?, ?>> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) {
                throw invalid("path " + quote(pattern) + ": expected a block { ... }");
            }
            out.add(m);
        }
        return out;
    }

    private PathRule rule(String rawPattern, Map<?, ?> body) {
        String pattern = rawPattern.startsWith("/") ? rawPattern.substring(1) : rawPattern;
        String where = "path " + quote(pattern) + ": ";
        Set<Capability> caps = EnumSet.noneOf(Capability.class);
        Map<String, List<String>> allowed = Map.of();
        Map<String, List<String>> denied = Map.of();
        List<String> required = List.of();
        Duration minTtl = Duration.ZERO;
        Duration maxTtl = Duration.ZERO;
        for (Map.Entry<?, ?> e : body.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object value = e.getValue();
            switch (key) {
                case "capabilities" -> {
                    for (String name : strings(where + "capabilities", value)) {
                        caps.add(Capability.fromHclName(name).orElseThrow(() -> invalid(where
                                + "unknown capability " + quote(name) + " (expected one of "
                                + capabilityNames() + ")")));
                    }
                }
                case "policy" -> caps.addAll(shorthand(where, value));
                case "allowed_parameters" -> allowed = parameters(where + "allowed_parameters", value);
                case "denied_parameters" -> denied = parameters(where + "denied_parameters", value);
                case "required_parameters" -> required = strings(where + "required_parameters", value);
                case "min_wrapping_ttl" -> minTtl = duration(where + "min_wrapping_ttl", value);
                case "max_wrapping_ttl" -> maxTtl = duration(where + "max_wrapping_ttl", value);
                case "comment" -> {
                    if (!(value instanceof String)) {
                        throw invalid(where + "comment must be a string");
                    }
                }
                case "mfa_methods", "control_group" ->
                        throw invalid(where + quote(key) + " is a Vault Enterprise feature Coffer does not support");
                default -> throw invalid(where + "unknown key " + quote(key) + " (expected one of "
                        + String.join(", ", BLOCK_KEYS) + ")");
            }
        }
        if (!minTtl.isZero() && !maxTtl.isZero() && maxTtl.compareTo(minTtl) < 0) {
            throw invalid(where + "max_wrapping_ttl cannot be less than min_wrapping_ttl");
        }
        try {
            return new PathRule(pattern, caps, allowed, denied, required, minTtl, maxTtl);
        } catch (CofferException e) {
            throw invalid(e.getMessage());
        }
    }

    private Set<Capability> shorthand(String where, Object value) {
        if (!(value instanceof String s)) {
            throw invalid(where + "policy must be one of \"deny\", \"read\", \"write\", \"sudo\"");
        }
        return switch (s) {
            case "deny" -> EnumSet.of(Capability.DENY);
            case "read" -> EnumSet.of(Capability.READ, Capability.LIST);
            case "write" -> EnumSet.of(Capability.CREATE, Capability.READ, Capability.UPDATE,
                    Capability.DELETE, Capability.LIST);
            case "sudo" -> EnumSet.of(Capability.CREATE, Capability.READ, Capability.UPDATE,
                    Capability.DELETE, Capability.LIST, Capability.SUDO);
            default -> throw invalid(where + "invalid policy " + quote(s)
                    + " (expected one of \"deny\", \"read\", \"write\", \"sudo\")");
        };
    }

    private List<String> strings(String where, Object value) {
        if (!(value instanceof List<?> list)) {
            throw invalid(where + " must be a list of strings");
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof String s)) {
                throw invalid(where + " must be a list of strings");
            }
            out.add(s);
        }
        return out;
    }

    private Map<String, List<String>> parameters(String where, Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(where + " must be an object of parameter name = [values]");
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey()).toLowerCase(Locale.ROOT);
            if (!(e.getValue() instanceof List<?> values)) {
                throw invalid(where + ": parameter " + quote(name) + " must have a list of values ([] for any value)");
            }
            List<String> canonical = new ArrayList<>(values.size());
            for (Object v : values) {
                String s = ParameterValues.canonical(v);
                if (s == null) {
                    throw invalid(where + ": parameter " + quote(name)
                            + ": values must be strings, numbers or booleans");
                }
                canonical.add(s);
            }
            if (out.putIfAbsent(name, canonical) != null) {
                throw invalid(where + ": parameter " + quote(name) + " is listed twice");
            }
        }
        return out;
    }

    private Duration duration(String where, Object value) {
        Duration d = null;
        if (value instanceof Number n) {
            double seconds = n.doubleValue();
            if (Double.isFinite(seconds) && seconds >= 0 && seconds <= MAX_TTL.getSeconds()) {
                d = Duration.ofNanos(Math.round(seconds * 1e9));
            }
        } else if (value instanceof String s) {
            d = parseDuration(s.strip());
        }
        if (d == null || d.compareTo(MAX_TTL) > 0) {
            throw invalid(where + " must be a number of seconds or a duration such as \"90s\", \"5m\", \"1h30m\"");
        }
        return d;
    }

    /** Seconds ({@code "300"}) or Go-style units {@code ms s m h d} ({@code "1h30m"}); null if not. */
    static Duration parseDuration(String s) {
        if (s.isEmpty() || s.length() > 40) {
            return null;
        }
        if (s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Duration.ofSeconds(Long.parseLong(s));
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                return null;
            }
            BigDecimal amount;
            try {
                amount = new BigDecimal(s.substring(start, i));
            } catch (NumberFormatException e) {
                return null;
            }
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                case "d" -> 86_400_000_000_000L;
                default -> -1;
            };
            if (unit < 0) {
                return null;
            }
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unit)));
            if (nanos.compareTo(BigDecimal.valueOf(MAX_TTL.toNanos())) > 0) {
                return null;
            }
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static String capabilityNames() {
        StringBuilder b = new StringBuilder();
        for (Capability c : Capability.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(c.hclName());
        }
        return b.toString();
    }

    private CofferException invalid(String problem) {
        return CofferException.invalid("policy " + quote(policy) + ": " + problem);
    }
}
