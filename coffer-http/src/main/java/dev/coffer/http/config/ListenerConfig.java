package dev.coffer.http.config;

import java.nio.file.Path;

/**
 * One {@code listener "tcp"} block. Without certificate files a listener serves plain HTTP, which
 * the server accepts only on a loopback address or with {@code tls_disable = true}. With
 * {@code tlsClientCaFile} a TLS listener asks clients for a certificate signed by one of those CAs
 * (for the {@code cert} auth method); {@code tlsRequireAndVerifyClientCert} makes one mandatory;
 * {@code tlsDisableClientCerts} never asks for one.
 */
public record ListenerConfig(String address, Path tlsCertFile, Path tlsKeyFile, boolean tlsDisable,
                             long maxRequestSize, Path tlsClientCaFile, boolean tlsRequireAndVerifyClientCert,
                             boolean tlsDisableClientCerts) {
    public static final long DEFAULT_MAX_REQUEST_SIZE = 32L * 1024 * 1024;

    /** A listener that does not ask for client certificates. */
    public ListenerConfig(String address, Path tlsCertFile, Path tlsKeyFile, boolean tlsDisable, long maxRequestSize) {
        this(address, tlsCertFile, tlsKeyFile, tlsDisable, maxRequestSize, null, false, false);
    }

    public boolean hasTls() {
        return tlsCertFile != null;
    }

    /** Whether the TLS handshake asks the client for a certificate. */
    public boolean asksForClientCert() {
        return hasTls() && tlsClientCaFile != null && !tlsDisableClientCerts;
    }

    public String host() {
        int i = address.lastIndexOf(':');
        String h = i < 0 ? address : address.substring(0, i);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public int port() {
        int i = address.lastIndexOf(':');
        return i < 0 ? 8200 : Integer.parseInt(address.substring(i + 1));
    }
}
