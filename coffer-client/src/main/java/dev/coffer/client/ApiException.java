package dev.coffer.client;

import java.util.List;

/** The server refused a call (or could not be reached: status 0). */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final List<String> errors;

    public ApiException(int status, List<String> errors) {
        super((status == 0 ? "" : "Code: " + status + ". ") + "Errors: " + String.join("; ", errors));
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    static ApiException from(CofferClient.Reply r) {
        Object e = r.body().get("errors");
        List<String> errors = e instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new ApiException(r.status(), errors.isEmpty() ? List.of("(no error message)") : errors);
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return errors;
    }
}
