package dev.coffer.auth.cert;

import dev.coffer.core.CofferException;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the {@code certificate} field: one or more PEM {@code CERTIFICATE} blocks, nothing else. */
final class PemCertificates {
    static final int MAX_CHARS = 256 * 1024;
    static final int MAX_CERTS = 16;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    private PemCertificates() {}

    static List<X509Certificate> parse(String pem) {
        if (pem == null || pem.isBlank()) {
            throw CofferException.invalid("field 'certificate' is empty: give a PEM certificate");
        }
        if (pem.length() > MAX_CHARS) {
            throw CofferException.invalid("field 'certificate' is larger than " + MAX_CHARS + " characters");
        }
        Matcher m = BLOCK.matcher(pem);
        List<X509Certificate> out = new ArrayList<>();
        int end = 0;
        while (m.find()) {
            if (!pem.substring(end, m.start()).isBlank()) {
                throw notPem();
            }
            end = m.end();
            if (out.size() == MAX_CERTS) {
                throw CofferException.invalid("field 'certificate' holds more than " + MAX_CERTS + " certificates");
            }
            out.add(decode(m.group(1), out.size() + 1));
        }
        if (out.isEmpty() || !pem.substring(end).isBlank()) {
            throw notPem();
        }
        return out;
    }

    private static CofferException notPem() {
        return CofferException.invalid("field 'certificate' must hold only PEM blocks "
                + "(-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
    }

    private static X509Certificate decode(String base64, int n) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw CofferException.invalid("field 'certificate': block " + n + " is not valid base64");
        }
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw CofferException.invalid("field 'certificate': block " + n + " is not an X.509 certificate");
        }
    }
}
