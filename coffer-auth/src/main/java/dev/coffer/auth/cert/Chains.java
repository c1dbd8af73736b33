package dev.coffer.auth.cert;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertPathValidatorException.BasicReason;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a client's chain (leaf first) against trusted certificates with the JDK's PKIX validator:
 * signatures, validity at the core's clock time, CA constraints of intermediates; no revocation
 * check. A trusted certificate equal to the leaf (a pinned leaf) is accepted while valid. A leaf
 * with an extended key usage must allow client authentication.
 */
final class Chains {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String ANY_USAGE = "2.5.29.37.0";

    /** The outcome of one check. */
    enum Outcome { TRUSTED, UNTRUSTED, NOT_VALID_NOW, WRONG_USAGE }

    private Chains() {}

    static Outcome verify(List<X509Certificate> chain, List<X509Certificate> trusted, Instant at) {
        X509Certificate leaf = chain.get(0);
        Date when = Date.from(at);
        try {
            if (!clientAuthAllowed(leaf)) {
                return Outcome.WRONG_USAGE;
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return Outcome.UNTRUSTED;
        }
        if (trusted.contains(leaf)) {
            try {
                leaf.checkValidity(when);
                return Outcome.TRUSTED;
            } catch (GeneralSecurityException e) {
                return Outcome.NOT_VALID_NOW;
            }
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate c : chain) {
            if (trusted.contains(c)) {
                break;
            }
            path.add(c);
        }
        try {
            // Only CA certificates anchor a chain: a pinned leaf admits itself (above) and nothing
            // it may have signed. The anchor's own validity must hold too.
            Set<TrustAnchor> anchors = new HashSet<>();
            boolean expiredCa = false;
            for (X509Certificate t : trusted) {
                if (t.getBasicConstraints() >= 0) {
                    if (validAt(t, when)) {
                        anchors.add(new TrustAnchor(t, null));
                    } else {
                        expiredCa = true;
                    }
                }
            }
            if (anchors.isEmpty()) {
                return expiredCa ? Outcome.NOT_VALID_NOW : Outcome.UNTRUSTED;
            }
            PKIXParameters params = new PKIXParameters(anchors);
            params.setRevocationEnabled(false);
            params.setDate(when);
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
            CertPathValidator.getInstance("PKIX").validate(cp, params);
            return Outcome.TRUSTED;
        } catch (CertPathValidatorException e) {
            return e.getReason() == BasicReason.EXPIRED || e.getReason() == BasicReason.NOT_YET_VALID
                    ? Outcome.NOT_VALID_NOW : Outcome.UNTRUSTED;
        } catch (GeneralSecurityException | RuntimeException e) {
            return Outcome.UNTRUSTED;
        }
    }

    private static boolean validAt(X509Certificate c, Date when) {
        try {
            c.checkValidity(when);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean clientAuthAllowed(X509Certificate leaf) throws java.security.cert.CertificateParsingException {
        List<String> eku = leaf.getExtendedKeyUsage();
        return eku == null || eku.contains(CLIENT_AUTH) || eku.contains(ANY_USAGE);
    }
}
