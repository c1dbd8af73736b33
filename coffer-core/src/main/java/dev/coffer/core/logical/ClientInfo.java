package dev.coffer.core.logical;

/** Where a request came from, as the HTTP layer saw it. */
public record ClientInfo(String remoteAddress, int remotePort) {
    public static final ClientInfo INTERNAL = new ClientInfo("internal", 0);
}
