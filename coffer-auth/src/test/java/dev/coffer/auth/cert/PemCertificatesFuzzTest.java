package dev.coffer.auth.cert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.core.CofferException;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The PEM certificate parser answers any input with certificates or a clear 400, never another exception. */
class PemCertificatesFuzzTest {
    private static final String VALID;

    static {
        try {
            VALID = TestPki.pem(TestPki.ca("fuzz", Instant.parse("2026-03-01T00:00:00Z")).cert());
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Property(tries = 1500)
    void anyTextIsCertificatesOrAClearError(@ForAll("texts") String text) {
        try {
            List<?> certs = PemCertificates.parse(text);
            assertThat(certs).isNotEmpty();
        } catch (CofferException e) {
            assertThat(e.kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
            assertThat(e.getMessage()).contains("certificate");
        }
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> mutated = Arbitraries.integers().between(0, VALID.length() - 1).flatMap(i ->
                Arbitraries.chars().ascii().map(c -> VALID.substring(0, i) + c + VALID.substring(i + 1)));
        Arbitrary<String> cut = Arbitraries.integers().between(0, VALID.length()).map(i -> VALID.substring(0, i));
        Arbitrary<String> body = Arbitraries.strings().withChars("ABCDEFabcdef0123456789+/=\n").ofMaxLength(200)
                .map(b -> "-----BEGIN CERTIFICATE-----\n" + b + "\n-----END CERTIFICATE-----\n");
        return Arbitraries.oneOf(mutated, cut, body, Arbitraries.strings().ofMaxLength(100),
                Arbitraries.just(VALID + VALID), Arbitraries.just(VALID + "trailing"));
    }
}
