package dev.coffer.cli;

import dev.coffer.client.CofferClient;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the server is and who we are. The address comes from {@code -address}, else
 * {@code COFFER_ADDR} / {@code VAULT_ADDR}. The token comes from {@code COFFER_TOKEN}, else
 * {@code VAULT_TOKEN}, else the file {@code coffer login} wrote ({@link TokenFile}) — never from a
 * command-line argument, which other users of the machine could read.
 */
final class ClientOptions {
    /**
     * A token for in-process callers (the tests), consulted after the environment variables and
     * before the token file. Not reachable from outside the JVM, so it is no way to pass a token
     * on a command line.
     */
    static volatile String tokenForTests;

    @Option(names = {"-address", "--address"}, paramLabel = "URL",
            description = "Server address (default: $COFFER_ADDR, $VAULT_ADDR, or https://127.0.0.1:8200).")
    String address;

    @Option(names = {"-ca-cert", "--ca-cert"}, paramLabel = "FILE",
            description = "PEM CA certificate that signed the server's (default: $COFFER_CACERT, $VAULT_CACERT).")
    Path caCert;

    @Option(names = {"-client-cert", "--client-cert"}, paramLabel = "FILE",
            description = "PEM client certificate for TLS client authentication (default: $COFFER_CLIENT_CERT, "
                    + "$VAULT_CLIENT_CERT); needs -client-key.")
    Path clientCert;

    @Option(names = {"-client-key", "--client-key"}, paramLabel = "FILE",
            description = "Unencrypted PEM private key of -client-cert (default: $COFFER_CLIENT_KEY, $VAULT_CLIENT_KEY).")
    Path clientKey;

    String resolvedAddress() {
        if (address != null) {
            return address;
        }
        return firstEnv("COFFER_ADDR", "VAULT_ADDR", "https://127.0.0.1:8200");
    }

    /** The token to send: environment, then the test hook, then the login file; null if none. */
    static String token() {
        String env = firstEnv("COFFER_TOKEN", "VAULT_TOKEN", null);
        if (env != null) {
            return env;
        }
        String test = tokenForTests;
        if (test != null && !test.isEmpty()) {
            return test;
        }
        return TokenFile.read().orElse(null);
    }

    /** Whether an environment variable sets the token (it then wins over {@code coffer login}). */
    static String tokenVariableSet() {
        for (String name : new String[] {"COFFER_TOKEN", "VAULT_TOKEN"}) {
            String v = System.getenv(name);
            if (v != null && !v.isEmpty()) {
                return name;
            }
        }
        return null;
    }

    CofferClient client() {
        return clientWithToken(token());
    }

    CofferClient clientWithToken(String token) {
        Path ca = caCert;
        if (ca == null) {
            String env = firstEnv("COFFER_CACERT", "VAULT_CACERT", null);
            ca = env == null ? null : Path.of(env);
        }
        Path cert = clientCert != null ? clientCert : envPath("COFFER_CLIENT_CERT", "VAULT_CLIENT_CERT");
        Path key = clientKey != null ? clientKey : envPath("COFFER_CLIENT_KEY", "VAULT_CLIENT_KEY");
        return CofferClient.create(resolvedAddress(), token, ca, cert, key);
    }

    private static Path envPath(String a, String b) {
        String v = firstEnv(a, b, null);
        return v == null ? null : Path.of(v);
    }

    static String firstEnv(String a, String b, String fallback) {
        String v = System.getenv(a);
        if (v != null && !v.isEmpty()) {
            return v;
        }
        v = System.getenv(b);
        return v != null && !v.isEmpty() ? v : fallback;
    }
}
