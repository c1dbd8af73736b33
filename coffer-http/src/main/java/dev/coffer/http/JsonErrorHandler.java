package dev.coffer.http;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a malformed URI, an ambiguous path) in Vault's shape: {@code {"errors":[...]}}
 * as JSON, never an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() <= 0 ? 500 : response.getStatus();
        Object cause = request.getAttribute(ERROR_MESSAGE);
        String message = cause == null ? org.eclipse.jetty.http.HttpStatus.getMessage(status) : String.valueOf(cause);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(Json.write(Map.of("errors", List.of(message)))), callback);
        return true;
    }
}
