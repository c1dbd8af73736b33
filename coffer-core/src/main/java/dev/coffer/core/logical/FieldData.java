package dev.coffer.core.logical;

import dev.coffer.core.CofferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's fields after validation against its path's {@link Field}s: coerced to their declared
 * types, defaults applied, unknown and missing fields refused with an error naming them.
 */
public final class FieldData {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, Object> values;

    private FieldData(Map<String, Object> values) {
        this.values = values;
    }

    static FieldData validate(Map<String, Field> schema, Map<String, Object> input, Map<String, String> pathValues) {
        return validate(schema, input, pathValues, false);
    }

    static FieldData validate(Map<String, Field> schema, Map<String, Object> input, Map<String, String> pathValues,
                              boolean anyFields) {
        List<String> unknown = anyFields ? List.<String>of()
                : input.keySet().stream().filter(k -> !schema.containsKey(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw CofferException.invalid("unknown field" + (unknown.size() > 1 ? "s" : "") + ": "
                    + String.join(", ", unknown));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : schema.values()) {
            Object raw = pathValues.containsKey(f.name()) ? pathValues.get(f.name()) : input.get(f.name());
            if (raw == null) {
                if (f.required()) {
                    throw CofferException.invalid("missing required field '" + f.name() + "'");
                }
                if (f.defaultValue() != null) {
                    out.put(f.name(), f.defaultValue());
                }
                continue;
            }
            out.put(f.name(), coerce(f, raw));
        }
        return new FieldData(out);
    }

    static Object coerce(Field f, Object raw) {
        String name = f.name();
        switch (f.type()) {
            case STRING:
                if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
                    return raw.toString();
                }
                throw typeError(name, "a string");
            case INT:
                if (raw instanceof Integer || raw instanceof Long) {
                    long v = ((Number) raw).longValue();
                    if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                        return (int) v;
                    }
                    throw CofferException.invalid("field '" + name + "' is out of range");
                }
                if (raw instanceof String s) {
                    try {
                        return Integer.parseInt(s.trim());
                    } catch (NumberFormatException e) {
                        throw typeError(name, "an integer");
                    }
                }
                throw typeError(name, "an integer");
            case BOOL:
                if (raw instanceof Boolean b) {
                    return b;
                }
                if (raw instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
                    return Boolean.parseBoolean(s);
                }
                throw typeError(name, "a boolean");
            case DURATION:
                return parseDuration(name, raw);
            case MAP:
                if (raw instanceof Map<?, ?> m) {
                    return m;
                }
                throw typeError(name, "an object");
            case STRING_LIST:
                if (raw instanceof List<?> l) {
                    List<String> out = new ArrayList<>();
                    for (Object o : l) {
                        if (!(o instanceof String s)) {
                            throw typeError(name, "a list of strings");
                        }
                        out.add(s);
                    }
                    return out;
                }
                if (raw instanceof String s) {
                    return s.isBlank() ? List.of()
                            : Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
                }
                throw typeError(name, "a list of strings");
            case INT_LIST:
                List<Object> items = raw instanceof List<?> il ? new ArrayList<>(il)
                        : raw instanceof String str ? new ArrayList<>(Arrays.asList(str.split(",")))
                        : raw instanceof Integer ? new ArrayList<>(List.of(raw)) : null;
                if (items == null) {
                    throw typeError(name, "a list of integers");
                }
                List<Integer> ints = new ArrayList<>();
                for (Object o : items) {
                    if (o instanceof Integer i) {
                        ints.add(i);
                    } else if (o instanceof String str && str.trim().matches("-?\\d{1,9}")) {
                        ints.add(Integer.parseInt(str.trim()));
                    } else if (!(o instanceof String str && str.isBlank())) {
                        throw typeError(name, "a list of integers");
                    }
                }
                return ints;
            default:
                throw new IllegalStateException("unhandled field type " + f.type());
        }
    }

    /** Vault's durations: whole seconds as a number, or {@code 90s}, {@code 15m}, {@code 1h30m}, {@code 7d}. */
    public static Duration parseDuration(String name, Object raw) {
        if (raw instanceof Integer || raw instanceof Long) {
            long v = ((Number) raw).longValue();
            if (v < 0) {
                throw CofferException.invalid("field '" + name + "' must not be negative");
            }
            return Duration.ofSeconds(v);
        }
        if (raw instanceof String s) {
            String t = s.trim();
            if (t.matches("\\d{1,12}")) {
                return Duration.ofSeconds(Long.parseLong(t));
            }
            Matcher m = DURATION.matcher(t);
            Duration total = Duration.ZERO;
            int end = 0;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
                end = m.end();
            }
            if (end == t.length() && end > 0) {
                return total;
            }
        }
        throw typeError(name, "a duration such as 30s, 15m or 1h");
    }

    private static CofferException typeError(String field, String expected) {
        return CofferException.invalid("field '" + field + "' must be " + expected);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public Object get(String name) {
        return values.get(name);
    }

    public String getString(String name) {
        return (String) values.get(name);
    }

    public int getInt(String name) {
        return (Integer) values.get(name);
    }

    public boolean getBool(String name) {
        return Boolean.TRUE.equals(values.get(name));
    }

    public Duration getDuration(String name) {
        return (Duration) values.get(name);
    }

    /** A {@code STRING_LIST} field; empty when not given. */
    @SuppressWarnings("unchecked")
    public List<String> getStringList(String name) {
        Object v = values.get(name);
        return v == null ? List.of() : (List<String>) v;
    }

    @Override
    public String toString() {
        return "FieldData" + values.keySet();
    }
}
