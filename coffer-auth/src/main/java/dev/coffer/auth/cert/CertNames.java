package dev.coffer.auth.cert;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The names of a client certificate, and Vault's glob matching of them ({@code *} matches any run of characters). */
final class CertNames {
    private static final int DNS = 2;
    private static final int EMAIL = 1;
    private static final int URI = 6;

    private CertNames() {}

    static String commonName(X509Certificate c) {
        try {
            // getRdns() is in encoding order; like Go's crypto/x509 (Vault), the last CN wins when a
            // subject has several.
            LdapName name = new LdapName(c.getSubjectX500Principal().getName());
            String cn = "";
            for (Rdn rdn : name.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    cn = String.valueOf(rdn.getValue());
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            return "";
        }
    }

    static List<String> sans(X509Certificate c, int type) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = c.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    if (san.size() >= 2 && Integer.valueOf(type).equals(san.get(0)) && san.get(1) instanceof String s) {
                        out.add(s);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return out;
    }

    /** Whether the certificate meets every non-empty constraint of the entry. */
    static boolean allowed(X509Certificate leaf, CertEntry e) {
        return anyMatches(e.allowedCommonNames(), List.of(commonName(leaf)), false)
                && anyMatches(e.allowedDnsSans(), sans(leaf, DNS), true)
                && anyMatches(e.allowedEmailSans(), sans(leaf, EMAIL), true)
                && anyMatches(e.allowedUriSans(), sans(leaf, URI), false);
    }

    private static boolean anyMatches(List<String> patterns, List<String> values, boolean ignoreCase) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String p : patterns) {
            for (String v : values) {
                if (!v.isEmpty() && glob(ignoreCase ? p.toLowerCase(Locale.ROOT) : p,
                        ignoreCase ? v.toLowerCase(Locale.ROOT) : v)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code *} matches any run of characters (dots included), as Vault's go-glob does; nothing else is special. */
    static boolean glob(String pattern, String value) {
        if (pattern.equals("*")) {
            return true;
        }
        String[] parts = pattern.split("\\*", -1);
        if (parts.length == 1) {
            return pattern.equals(value);
        }
        if (!value.startsWith(parts[0])) {
            return false;
        }
        int pos = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int at = value.indexOf(parts[i], pos);
            if (at < 0) {
                return false;
            }
            pos = at + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return value.length() - last.length() >= pos && value.endsWith(last);
    }
}
