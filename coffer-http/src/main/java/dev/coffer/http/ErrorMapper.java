package dev.coffer.http;

import dev.coffer.core.CofferException;

/** The one place an error kind becomes an HTTP status, as Vault's API answers. */
final class ErrorMapper {
    private ErrorMapper() {}

    static int status(CofferException.Kind kind) {
        return switch (kind) {
            case INVALID_REQUEST -> 400;
            case PERMISSION_DENIED -> 403;
            case NOT_FOUND -> 404;
            case UNSUPPORTED_OPERATION -> 405;
            case PAYLOAD_TOO_LARGE -> 413;
            case INTERNAL -> 500;
            case NOT_INITIALIZED -> 501;
            case SEALED -> 503;
        };
    }
}
