package dev.coffer.core.logical;

/** Serves one operation on one path. */
@FunctionalInterface
public interface Handler {
    Response handle(Request request, FieldData fields);
}
