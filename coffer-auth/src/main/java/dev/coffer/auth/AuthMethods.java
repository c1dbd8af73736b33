package dev.coffer.auth;

import dev.coffer.core.logical.BackendFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The auth methods built into Coffer, by type, for {@code sys/auth/<path>} to enable. */
public final class AuthMethods {
    private AuthMethods() {}

    public static Map<String, BackendFactory> builtin() {
        Map<String, BackendFactory> m = new LinkedHashMap<>();
        for (BackendFactory f : List.<BackendFactory>of(new dev.coffer.auth.approle.AppRoleFactory(),
                new dev.coffer.auth.userpass.UserpassFactory(), new dev.coffer.auth.cert.CertFactory(),
                new dev.coffer.auth.jwt.JwtAuthFactory())) {
            m.put(f.type(), f);
        }
        return Map.copyOf(m);
    }
}
