package dev.coffer.auth.cert;

import dev.coffer.auth.StoredJson;
import dev.coffer.auth.TokenFields;
import dev.coffer.core.CofferException;
import dev.coffer.core.logical.Backend;
import dev.coffer.core.logical.BackendContext;
import dev.coffer.core.logical.Field;
import dev.coffer.core.logical.FieldData;
import dev.coffer.core.logical.FieldType;
import dev.coffer.core.logical.Operation;
import dev.coffer.core.logical.PathSpec;
import dev.coffer.core.logical.Request;
import dev.coffer.core.logical.Response;
import dev.coffer.core.storage.Storage;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * {@code certs/<name>} (and {@code LIST certs}) and {@code login}. Login uses the client chain the
 * TLS listener saw ({@code ClientInfo.peerCertificates}); it must verify against the trusted
 * certificate of an entry (or of the entry named by {@code name}) and meet its name constraints.
 */
final class CertBackend implements Backend {
    static final String NO_CERT = "client certificate must be supplied: log in over a TLS listener that asks for "
            + "client certificates (tls_client_ca_file) and present one";

    private final Storage storage;
    private final Clock clock;
    private final List<PathSpec> paths;

    CertBackend(BackendContext ctx) {
        this.storage = ctx.storage();
        this.clock = ctx.clock();
        Field name = Field.of("name", FieldType.STRING, "The entry's name.");
        this.paths = List.of(
                PathSpec.path("certs/?")
                        .on(Operation.LIST, (req, f) -> list())
                        .synopsis("List the trusted certificate entries.").build(),
                PathSpec.path("certs/(?<name>\\w(?:[\\w.@-]{0,126}\\w)?)")
                        .field(name)
                        .field(Field.of("certificate", FieldType.STRING, "PEM CA (or leaf) certificate(s) to trust."))
                        .field(Field.of("display_name", FieldType.STRING, "Display name of issued tokens."))
                        .field(Field.of("allowed_common_names", FieldType.STRING_LIST, "Allowed CNs (globs)."))
                        .field(Field.of("allowed_names", FieldType.STRING_LIST, "Deprecated: allowed_common_names."))
                        .field(Field.of("allowed_dns_sans", FieldType.STRING_LIST, "Allowed DNS SANs (globs)."))
                        .field(Field.of("allowed_email_sans", FieldType.STRING_LIST, "Allowed email SANs (globs)."))
                        .field(Field.of("allowed_uri_sans", FieldType.STRING_LIST, "Allowed URI SANs (globs)."))
                        .fields(TokenFields.fields())
                        .read((req, f) -> Response.of(load(key(f)).orElseThrow(() -> CofferException.notFound("")).view()))
                        .update(this::write)
                        .on(Operation.DELETE, (req, f) -> {
                            storage.delete("cert/" + key(f));
                            return Response.noContent();
                        })
                        .synopsis("Create, read, update or delete a trusted certificate entry.").build(),
                PathSpec.path("login")
                        .field(Field.of("name", FieldType.STRING, "Only try this certs entry."))
                        .update(this::login)
                        .unauthenticated()
                        .synopsis("Log in with the TLS client certificate of this connection.").build());
    }

    @Override
    public List<PathSpec> paths() {
        return paths;
    }

    @Override
    public String type() {
        return "cert";
    }

    private static String key(FieldData f) {
        return f.getString("name").toLowerCase(Locale.ROOT);
    }

    /** A token is renewed only while the certificate entry that admitted it exists. */
    @Override
    public Optional<String> renewalRefusal(Map<String, String> tokenMetadata) {
        String name = tokenMetadata.getOrDefault("cert_name", "");
        return !name.isEmpty() && load(name).isPresent() ? Optional.empty()
                : Optional.of("the certificate entry of this token no longer exists");
    }

    private Optional<CertEntry> load(String name) {
        return StoredJson.get(storage, "cert/" + name).map(CertEntry::of);
    }

    private Response list() {
        List<String> keys = storage.list("cert/");
        if (keys.isEmpty()) {
            throw CofferException.notFound("");
        }
        return Response.of(Map.of("keys", keys));
    }

    private static List<String> list(FieldData f, String field, List<String> old) {
        return f.has(field) ? f.getStringList(field) : old;
    }

    private synchronized Response write(Request req, FieldData f) {
        String name = key(f);
        Optional<CertEntry> existing = load(name);
        String pem = f.has("certificate") ? f.getString("certificate") : existing.map(CertEntry::certificate).orElse(null);
        if (pem == null) {
            throw CofferException.invalid("missing certificate");
        }
        PemCertificates.parse(pem);
        List<String> cns = f.has("allowed_common_names") ? f.getStringList("allowed_common_names")
                : list(f, "allowed_names", existing.map(CertEntry::allowedCommonNames).orElse(List.of()));
        String display = f.has("display_name") ? f.getString("display_name")
                : existing.map(CertEntry::displayName).orElse(name);
        CertEntry e = new CertEntry(name, pem, display, cns,
                list(f, "allowed_dns_sans", existing.map(CertEntry::allowedDnsSans).orElse(List.of())),
                list(f, "allowed_email_sans", existing.map(CertEntry::allowedEmailSans).orElse(List.of())),
                list(f, "allowed_uri_sans", existing.map(CertEntry::allowedUriSans).orElse(List.of())),
                existing.map(CertEntry::token).orElse(TokenFields.NONE).merge(f));
        StoredJson.put(storage, "cert/" + name, e.stored());
        return Response.noContent();
    }

    private Response login(Request req, FieldData f) {
        List<X509Certificate> chain = req.client() == null ? List.of() : req.client().peerCertificates();
        if (chain.isEmpty()) {
            throw CofferException.invalid(NO_CERT);
        }
        String only = f.has("name") && !f.getString("name").isBlank() ? f.getString("name").toLowerCase(Locale.ROOT) : null;
        List<CertEntry> entries = new ArrayList<>();
        if (only != null) {
            entries.add(load(only).orElseThrow(() -> CofferException.invalid("no certs entry named \"" + only + "\"")));
        } else {
            for (String n : storage.list("cert/")) {
                load(n).ifPresent(entries::add);
            }
        }
        String where = only != null ? "certs entry \"" + only + "\"" : "any certs entry of this mount";
        Chains.Outcome best = Chains.Outcome.UNTRUSTED;
        for (CertEntry e : entries) {
            Chains.Outcome o = Chains.verify(chain, PemCertificates.parse(e.certificate()), clock.instant());
            if (o == Chains.Outcome.TRUSTED) {
                if (CertNames.allowed(chain.get(0), e)) {
                    return Response.ofLogin(e.token().login(e.displayName(), metadata(e, chain.get(0)),
                            chain.get(0).getSerialNumber().toString()));
                }
                best = o;
            } else if (best == Chains.Outcome.UNTRUSTED) {
                best = o;
            }
        }
        throw CofferException.invalid(switch (best) {
            case TRUSTED -> "invalid certificate: its names are not allowed by " + where;
            case NOT_VALID_NOW -> "invalid certificate: it is expired or not yet valid";
            case WRONG_USAGE -> "invalid certificate: its extended key usage does not allow client authentication";
            case UNTRUSTED -> "invalid certificate: it is not signed by a CA trusted by " + where;
        });
    }

    private static Map<String, String> metadata(CertEntry e, X509Certificate leaf) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cert_name", e.name());
        m.put("common_name", CertNames.commonName(leaf));
        m.put("serial_number", leaf.getSerialNumber().toString());
        m.put("subject_key_id", keyId(leaf.getExtensionValue("2.5.29.14"), false));
        m.put("authority_key_id", keyId(leaf.getExtensionValue("2.5.29.35"), true));
        return m;
    }

    /** A key id extension's identifier as colon-separated hex (Vault's form); empty when absent or unreadable. */
    private static String keyId(byte[] ext, boolean authority) {
        if (ext == null) {
            return "";
        }
        try {
            byte[] inner = ASN1OctetString.getInstance(ext).getOctets();
            byte[] id = authority ? AuthorityKeyIdentifier.getInstance(inner).getKeyIdentifier()
                    : SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier();
            return id == null ? "" : HexFormat.ofDelimiter(":").formatHex(id);
        } catch (RuntimeException e) {
            return "";
        }
    }
}
