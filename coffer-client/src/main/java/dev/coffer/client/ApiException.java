package dev.coffer.client;

import java.util.List;

/**
 * The server refused a call, or could not be reached (status 0). The message reads as Vault's API
 * client words it, so scripts and people that know Vault's errors recognise it:
 *
 * <pre>
 * Error making API request.
 *
 * URL: GET http://127.0.0.1:8200/v1/secret/data/app
 * Code: 403. Errors:
 *
 * * permission denied
 * </pre>
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final List<String> errors;
    private final String method;
    private final String url;

    public ApiException(int status, List<String> errors) {
        this(status, errors, "", "");
    }

    /**
     * @param method the HTTP method of the refused call, or "" when unknown
     * @param url    the URL of the refused call (never holding a token), or "" when unknown
     */
    public ApiException(int status, List<String> errors, String method, String url) {
        super(message(status, errors, method, url));
        this.status = status;
        this.errors = List.copyOf(errors);
        this.method = method;
        this.url = url;
    }

    private static String message(int status, List<String> errors, String method, String url) {
        if (status == 0) {
            return String.join("; ", errors);
        }
        StringBuilder b = new StringBuilder();
        if (!url.isEmpty()) {
            b.append("Error making API request.\n\nURL: ").append(method).append(' ').append(url).append('\n');
        }
        b.append("Code: ").append(status).append(". Errors:\n");
        if (!errors.isEmpty()) {
            b.append('\n');
        }
        for (int i = 0; i < errors.size(); i++) {
            b.append(i == 0 ? "" : "\n").append("* ").append(errors.get(i));
        }
        return b.toString();
    }

    static ApiException from(CofferClient.Reply r) {
        Object e = r.body().get("errors");
        List<String> errors = e instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
        return new ApiException(r.status(), errors, r.method(), r.url());
    }

    /** The HTTP status, or 0 when the server was not reached. */
    public int status() {
        return status;
    }

    /** The server's {@code errors}; empty when it gave none (Vault's 404s). */
    public List<String> errors() {
        return errors;
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }
}
