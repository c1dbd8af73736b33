package dev.coffer.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class TokenIdsTest {

    @Test
    void newTokensHaveThePrefixLengthAndAValidChecksum() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = TokenIds.newServiceToken();
            assertThat(t).startsWith("cfs_").hasSize(4 + 36 + 6).matches("cfs_[0-9A-Za-z]{42}");
            assertThat(TokenIds.isWellFormedServiceToken(t)).isTrue();
            assertThat(seen.add(t)).isTrue();
        }
    }

    @Test
    void checksumIsTheBase62Crc32OfTheRandomPart() {
        // CRC32("000000000000000000000000000000000000") = 0x8C6A4E6D = 2355777133; in base62, padded to 6.
        long v = 0;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("0".repeat(36).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        v = crc.getValue();
        StringBuilder expected = new StringBuilder();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        for (int i = 0; i < 6; i++) {
            expected.insert(0, alphabet.charAt((int) (v % 62)));
            v /= 62;
        }
        assertThat(TokenIds.checksum("0".repeat(36))).isEqualTo(expected.toString());
        assertThat(TokenIds.isWellFormedServiceToken("cfs_" + "0".repeat(36) + expected)).isTrue();
    }

    @Property(tries = 300)
    void anySingleCharacterChangeIsCaught(@ForAll @IntRange(min = 4, max = 45) int position,
                                          @ForAll @IntRange(min = 1, max = 61) int shift) {
        String t = TokenIds.newServiceToken();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char c = t.charAt(position);
        char replaced = alphabet.charAt((alphabet.indexOf(c) + shift) % 62);
        String mutated = t.substring(0, position) + replaced + t.substring(position + 1);
        assertThat(TokenIds.isWellFormedServiceToken(mutated)).isFalse();
    }

    @Test
    void otherShapesAreNotServiceTokens() {
        assertThat(TokenIds.isWellFormedServiceToken("root")).isFalse();
        assertThat(TokenIds.isWellFormedServiceToken("hvs.CAESIJ")).isFalse();
        assertThat(TokenIds.isWellFormedServiceToken("cfs_" + "!".repeat(42))).isFalse();
        assertThat(TokenIds.isWellFormedServiceToken(TokenIds.newServiceToken() + "x")).isFalse();
    }
}
