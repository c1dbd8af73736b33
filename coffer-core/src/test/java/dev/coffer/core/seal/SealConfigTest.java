package dev.coffer.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SealConfigTest {

    @ParameterizedTest
    @CsvSource({"1,1", "2,2", "5,3", "255,255", "255,2"})
    void acceptsVaultsRanges(int shares, int threshold) {
        assertThat(SealConfig.shamir(shares, threshold).secretShares()).isEqualTo(shares);
    }

    @ParameterizedTest
    @CsvSource({
        "0,1,secret_shares must be at least 1",
        "256,3,secret_shares must be at most 255",
        "3,0,secret_threshold must be at least 1",
        "3,4,cannot be larger than secret_shares",
        "5,1,greater than one for multiple shares"})
    void refusesOthersNamingTheField(int shares, int threshold, String message) {
        assertThatThrownBy(() -> SealConfig.shamir(shares, threshold))
                .isInstanceOf(CofferException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((CofferException) e).kind()).isEqualTo(CofferException.Kind.INVALID_REQUEST);
    }
}
