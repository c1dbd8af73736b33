package dev.coffer.http;

import dev.coffer.core.CofferException;
import dev.coffer.core.Core;
import dev.coffer.core.crypto.Random;
import dev.coffer.http.config.ListenerConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: one Jetty connector per listener, all serving {@link ApiHandler}. A listener
 * without TLS is refused unless it is on a loopback address or says {@code tls_disable = true}.
 */
public final class CofferServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CofferServer.class);

    private final Server jetty;
    private final List<ServerConnector> connectors = new ArrayList<>();
    private final List<ListenerConfig> listeners;

    public CofferServer(Core core, List<ListenerConfig> listeners) {
        if (listeners.isEmpty()) {
            throw CofferException.invalid("at least one listener is required");
        }
        this.listeners = List.copyOf(listeners);
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("coffer-http");
        this.jetty = new Server(pool);
        java.util.Map<org.eclipse.jetty.server.Connector, Long> limits = new java.util.IdentityHashMap<>();
        for (ListenerConfig l : listeners) {
            ServerConnector c = connector(l);
            connectors.add(c);
            limits.put(c, l.maxRequestSize());
        }
        connectors.forEach(jetty::addConnector);
        long fallback = listeners.stream().mapToLong(ListenerConfig::maxRequestSize).min().orElseThrow();
        jetty.setHandler(new ApiHandler(core, connector -> limits.getOrDefault(connector, fallback)));
        jetty.setErrorHandler(new JsonErrorHandler());
        jetty.setStopTimeout(5_000);
    }

    private ServerConnector connector(ListenerConfig l) {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        ServerConnector c;
        if (l.hasTls()) {
            char[] password = Random.base62(24).toCharArray();
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(PemKeyStores.load(l.tlsCertFile(), l.tlsKeyFile(), password));
            ssl.setKeyStorePassword(new String(password));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            if (l.asksForClientCert()) {
                // Client certificates are verified against these CAs during the handshake; the cert
                // auth method then checks the chain again against its own trusted entries.
                ssl.setTrustStore(PemKeyStores.trustStore(l.tlsClientCaFile()));
                ssl.setWantClientAuth(true);
                ssl.setNeedClientAuth(l.tlsRequireAndVerifyClientCert());
            }
            http.addCustomizer(new SecureRequestCustomizer(false));
            c = new ServerConnector(jetty, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()),
                    new HttpConnectionFactory(http));
        } else {
            if (!l.tlsDisable() && !isLoopback(l.host())) {
                throw CofferException.invalid("listener " + l.address() + " is not on a loopback address and has no "
                        + "TLS: set tls_cert_file and tls_key_file, or tls_disable = true to serve plain HTTP");
            }
            c = new ServerConnector(jetty, new HttpConnectionFactory(http));
        }
        c.setHost(l.host());
        c.setPort(l.port());
        return c;
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    public void start() throws Exception {
        jetty.start();
        for (int i = 0; i < connectors.size(); i++) {
            ListenerConfig l = listeners.get(i);
            LOG.info("listening on {}://{}:{}{}", l.hasTls() ? "https" : "http", l.host(), connectors.get(i).getLocalPort(),
                    !l.asksForClientCert() ? "" : l.tlsRequireAndVerifyClientCert() ? " (client certificate required)"
                            : " (client certificates accepted)");
        }
    }

    /** The port the i-th listener is bound to (useful with port 0). */
    public int port(int listener) {
        return connectors.get(listener).getLocalPort();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
