package dev.coffer.core.logical;

import java.util.List;

/**
 * A secrets engine, an auth method or {@code sys/} itself: a table of paths. The framework
 * ({@link PathRouter}) matches a request to a row, validates its fields and calls the handler.
 */
public interface Backend {
    List<PathSpec> paths();

    /** The mount type shown in responses ({@code system}, {@code kv}, ...). */
    String type();
}
