package dev.coffer.auth.userpass;

import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.Random;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * bcrypt (cost 12) password hashes in the {@code $2y$} form. bcrypt reads at most 72 bytes, so a
 * longer password is refused when set rather than silently cut. A check against no user still
 * spends one bcrypt computation, so response time does not tell whether a user exists.
 */
final class Passwords {
    static final int COST = 12;
    static final int MAX_BYTES = 72;

    private Passwords() {}

    /** A hash made once, compared against when the user does not exist. */
    private static final class Dummy {
        static final String HASH = OpenBSDBCrypt.generate("2y", Random.bytes(16), Random.bytes(16), COST);
    }

    static String hash(String password) {
        if (password == null || password.isEmpty()) {
            throw CofferException.invalid("missing password");
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        try {
            if (bytes.length > MAX_BYTES) {
                throw CofferException.invalid("password must be at most " + MAX_BYTES + " bytes (bcrypt's limit)");
            }
            return OpenBSDBCrypt.generate("2y", bytes, Random.bytes(16), COST);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Whether {@code password} matches {@code hash}; a null hash (no such user) is checked against a dummy and fails. */
    static boolean matches(String hash, String password) {
        byte[] bytes = (password == null ? "" : password).getBytes(StandardCharsets.UTF_8);
        try {
            boolean usable = hash != null && bytes.length > 0 && bytes.length <= MAX_BYTES;
            byte[] probe = bytes.length > 0 && bytes.length <= MAX_BYTES ? bytes : new byte[] {0};
            boolean ok = OpenBSDBCrypt.checkPassword(hash != null ? hash : Dummy.HASH, probe);
            return usable && ok;
        } catch (IllegalArgumentException corrupt) {
            return false;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}
