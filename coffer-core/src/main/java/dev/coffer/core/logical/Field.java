package dev.coffer.core.logical;

/**
 * One input field of a path. {@code sensitive} marks values the audit log must hash beyond its
 * default.
 */
public record Field(String name, FieldType type, Object defaultValue, boolean required, boolean sensitive,
                    String description) {

    public static Field of(String name, FieldType type, String description) {
        return new Field(name, type, null, false, false, description);
    }

    public Field withDefault(Object value) {
        return new Field(name, type, value, required, sensitive, description);
    }

    public Field asRequired() {
        return new Field(name, type, defaultValue, true, sensitive, description);
    }

    public Field asSensitive() {
        return new Field(name, type, defaultValue, required, true, description);
    }
}
