package dev.coffer.auth.jwt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A bounded HTTP(S) GET for JWKS and OIDC discovery documents: connect and whole-response
 * timeouts, a size cap, an optional private CA (PEM) instead of the JDK's trust store.
 */
final class HttpFetch {
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BYTES = 1 << 20;

    private HttpFetch() {}

    /** Checks a URL is absolute http or https; returns it parsed. */
    static URI checkUrl(String field, String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (java.net.URISyntaxException e) {
            throw JwtErrors.invalid(field + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
            throw JwtErrors.invalid(field + " must be an absolute http or https URL");
        }
        return uri;
    }

    /** Parses a PEM bundle of CA certificates; empty or blank gives null (the JDK's trust store). */
    static SSLContext trust(String field, String caPem) {
        if (caPem == null || caPem.isBlank()) {
            return null;
        }
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem.getBytes(StandardCharsets.US_ASCII)));
            if (certs.isEmpty()) {
                throw JwtErrors.invalid(field + " holds no PEM certificate");
            }
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw JwtErrors.invalid(field + " is not a valid PEM certificate bundle");
        }
    }

    /** The body of a 200 answer as UTF-8 text; IOException with a short reason otherwise. */
    static String get(URI uri, SSLContext trust) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (trust != null) {
            b.sslContext(trust);
        }
        HttpClient client = b.build();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        CompletableFuture<HttpResponse<byte[]>> f = client.sendAsync(req, info -> new Limited());
        try {
            HttpResponse<byte[]> r = f.get(TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            if (r.statusCode() != 200) {
                throw new IOException("HTTP status " + r.statusCode());
            }
            return new String(r.body(), StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("timed out after " + TIMEOUT.toSeconds() * 2 + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw new IOException(c instanceof TooLarge ? "response larger than " + MAX_BYTES + " bytes"
                    : c instanceof javax.net.ssl.SSLException ? "TLS error: " + c.getMessage()
                    : c == null ? "request failed" : c.getClass().getSimpleName()
                    + (c.getMessage() == null ? "" : ": " + c.getMessage()));
        }
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
    }

    /** Collects the body up to {@link #MAX_BYTES}; beyond that it cancels and fails. */
    private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer bb : items) {
                if (out.size() + bb.remaining() > MAX_BYTES) {
                    subscription.cancel();
                    body.completeExceptionally(new TooLarge());
                    return;
                }
                byte[] chunk = new byte[bb.remaining()];
                bb.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            body.complete(out.toByteArray());
        }
    }
}
