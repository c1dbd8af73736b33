package dev.coffer.core.logical;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Where a request came from, as the HTTP layer saw it: the peer's address and port and, on a
 * mutual-TLS listener, the certificate chain the client presented and the listener verified
 * (leaf first; empty when none was presented).
 */
public record ClientInfo(String remoteAddress, int remotePort, List<X509Certificate> peerCertificates) {
    public static final ClientInfo INTERNAL = new ClientInfo("internal", 0);

    public ClientInfo {
        peerCertificates = peerCertificates == null ? List.of() : List.copyOf(peerCertificates);
    }

    public ClientInfo(String remoteAddress, int remotePort) {
        this(remoteAddress, remotePort, List.of());
    }

    @Override
    public String toString() {
        return "ClientInfo[" + remoteAddress + ":" + remotePort + (peerCertificates.isEmpty() ? "" : ", client certificate") + "]";
    }
}
