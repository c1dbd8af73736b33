package dev.coffer.http.config;

import java.nio.file.Path;

/**
 * One {@code listener "tcp"} block. Without certificate files a listener serves plain HTTP, which
 * the server accepts only on a loopback address or with {@code tls_disable = true}.
 */
public record ListenerConfig(String address, Path tlsCertFile, Path tlsKeyFile, boolean tlsDisable,
                             long maxRequestSize) {
    public static final long DEFAULT_MAX_REQUEST_SIZE = 32L * 1024 * 1024;

    public boolean hasTls() {
        return tlsCertFile != null;
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
