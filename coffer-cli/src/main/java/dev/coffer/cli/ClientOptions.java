package dev.coffer.cli;

import dev.coffer.client.CofferClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the server is and who we are: {@code -address} or {@code COFFER_ADDR} / {@code VAULT_ADDR};
 * the token from {@code COFFER_TOKEN} / {@code VAULT_TOKEN} (never a command-line argument, which
 * other users of the machine could read).
 */
final class ClientOptions {
    @Option(names = {"-address", "--address"}, paramLabel = "URL",
            description = "Server address (default: $COFFER_ADDR, $VAULT_ADDR, or https://127.0.0.1:8200).")
    String address;

    @Option(names = {"-ca-cert", "--ca-cert"}, paramLabel = "FILE",
            description = "PEM CA certificate that signed the server's (default: $COFFER_CACERT, $VAULT_CACERT).")
    Path caCert;

    String resolvedAddress() {
        if (address != null) {
            return address;
        }
        return firstEnv("COFFER_ADDR", "VAULT_ADDR", "https://127.0.0.1:8200");
    }

    CofferClient client() {
        String token = firstEnv("COFFER_TOKEN", "VAULT_TOKEN", null);
        Path ca = caCert;
        if (ca == null) {
            String env = firstEnv("COFFER_CACERT", "VAULT_CACERT", null);
            ca = env == null ? null : Path.of(env);
        }
        return CofferClient.create(resolvedAddress(), token, ca);
    }

    private static String firstEnv(String a, String b, String fallback) {
        String v = System.getenv(a);
        if (v != null && !v.isEmpty()) {
            return v;
        }
        v = System.getenv(b);
        return v != null && !v.isEmpty() ? v : fallback;
    }
}
