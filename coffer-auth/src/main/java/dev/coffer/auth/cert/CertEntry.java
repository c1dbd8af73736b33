package dev.coffer.auth.cert;

import dev.coffer.auth.TokenFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@code certs/<name>} entry: trusted certificates (PEM), name constraints and token fields. */
record CertEntry(String name, String certificate, String displayName, List<String> allowedCommonNames,
                 List<String> allowedDnsSans, List<String> allowedEmailSans, List<String> allowedUriSans,
                 TokenFields token) {

    CertEntry {
        allowedCommonNames = List.copyOf(allowedCommonNames);
        allowedDnsSans = List.copyOf(allowedDnsSans);
        allowedEmailSans = List.copyOf(allowedEmailSans);
        allowedUriSans = List.copyOf(allowedUriSans);
    }

    Map<String, Object> stored() {
        Map<String, Object> m = constraints();
        m.put("name", name);
        m.put("token", token.toStored());
        return m;
    }

    @SuppressWarnings("unchecked")
    static CertEntry of(Map<String, Object> m) {
        return new CertEntry((String) m.get("name"), (String) m.get("certificate"), (String) m.get("display_name"),
                (List<String>) m.get("allowed_common_names"), (List<String>) m.get("allowed_dns_sans"),
                (List<String>) m.get("allowed_email_sans"), (List<String>) m.get("allowed_uri_sans"),
                TokenFields.fromStored((Map<String, Object>) m.get("token")));
    }

    /** As {@code GET certs/<name>} shows it. */
    Map<String, Object> view() {
        Map<String, Object> m = constraints();
        m.putAll(token.toMap());
        return m;
    }

    private Map<String, Object> constraints() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("certificate", certificate);
        m.put("display_name", displayName);
        m.put("allowed_common_names", allowedCommonNames);
        m.put("allowed_dns_sans", allowedDnsSans);
        m.put("allowed_email_sans", allowedEmailSans);
        m.put("allowed_uri_sans", allowedUriSans);
        return m;
    }
}
