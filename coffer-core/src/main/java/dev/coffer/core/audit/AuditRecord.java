package dev.coffer.core.audit;

import dev.coffer.core.logical.Auth;
import dev.coffer.core.logical.ClientInfo;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.WrapInfo;
import dev.coffer.core.token.TokenEntry;
import java.time.Instant;
import java.util.Map;

/**
 * What the core tells the broker about one request or its response; the broker turns it into a
 * line per device, hashing secrets with that device's key. Never printed.
 */
public record AuditRecord(Instant time, String requestId, Operation operation, String path, String mountType,
                          ClientInfo client, String clientToken, TokenEntry token, Map<String, Object> requestData,
                          Map<String, Object> responseData, Auth responseAuth, WrapInfo wrapInfo, int status,
                          String error) {
    @Override
    public String toString() {
        return "AuditRecord[" + requestId + " " + operation + " " + path + "]";
    }
}
