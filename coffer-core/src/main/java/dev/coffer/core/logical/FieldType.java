package dev.coffer.core.logical;

/** The types a path's fields may have; input is coerced as Vault's framework coerces it. */
public enum FieldType {
    STRING, INT, BOOL, DURATION, MAP, STRING_LIST, INT_LIST
}
