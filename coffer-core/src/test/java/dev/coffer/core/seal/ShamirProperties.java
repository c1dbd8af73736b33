package dev.coffer.core.seal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.core.CofferException;
import dev.coffer.core.crypto.SecretBytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import java.util.Random;

class ShamirProperties {

    record Case(byte[] secret, int shares, int threshold) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<byte[]> secrets = Arbitraries.bytes().array(byte[].class).ofSize(32);
        Arbitrary<Integer> n = Arbitraries.oneOf(Arbitraries.integers().between(2, 12), Arbitraries.of(255));
        return Combinators.combine(secrets, n, Arbitraries.integers().between(2, 255))
                .as((s, shares, t) -> new Case(s, shares, 2 + (t % (shares - 1))));
    }

    @Property(tries = 60)
    void anyThresholdSubsetRecoversTheSecret(@ForAll("cases") Case c, @ForAll Random rnd) {
        SealConfig config = SealConfig.shamir(c.shares(), c.threshold());
        List<SecretBytes> shares = new ArrayList<>(Shamir.split(SecretBytes.copyOf(c.secret()), config));
        assertThat(shares).hasSize(c.shares());
        assertThat(shares).allSatisfy(s -> assertThat(s.length()).isEqualTo(33));
        Collections.shuffle(shares, rnd);
        SecretBytes recovered = Shamir.combine(shares.subList(0, c.threshold()), config);
        assertThat(recovered.bytes()).isEqualTo(c.secret());
    }

    @Property(tries = 60)
    void fewerThanThresholdSharesDoNotRecoverTheSecret(@ForAll("cases") Case c, @ForAll Random rnd) {
        SealConfig config = SealConfig.shamir(c.shares(), c.threshold());
        List<SecretBytes> shares = new ArrayList<>(Shamir.split(SecretBytes.copyOf(c.secret()), config));
        Collections.shuffle(shares, rnd);
        List<SecretBytes> tooFew = shares.subList(0, c.threshold() - 1);
        if (tooFew.size() < 2) {
            // One share alone is uniformly random: it is not the secret (except with probability 2^-256).
            assertThat(tooFew.get(0).bytes()).isNotEqualTo(c.secret());
            return;
        }
        assertThat(Shamir.combine(tooFew, config).bytes()).isNotEqualTo(c.secret());
    }

    @Property(tries = 40)
    void aCorruptedShareYieldsAWrongSecretNotTheRightOne(@ForAll("cases") Case c, @ForAll Random rnd) {
        SealConfig config = SealConfig.shamir(c.shares(), c.threshold());
        List<SecretBytes> shares = new ArrayList<>(Shamir.split(SecretBytes.copyOf(c.secret()), config));
        List<SecretBytes> used = new ArrayList<>(shares.subList(0, c.threshold()));
        byte[] bad = used.get(0).bytes();
        bad[rnd.nextInt(32)] ^= (byte) (1 + rnd.nextInt(255));
        used.set(0, SecretBytes.wrap(bad));
        assertThat(Shamir.combine(used, config).bytes()).isNotEqualTo(c.secret());
    }

    @Property(tries = 20)
    void oneOfOneIsTheSecretItself(@ForAll("cases") Case c) {
        SealConfig config = SealConfig.shamir(1, 1);
        List<SecretBytes> shares = Shamir.split(SecretBytes.copyOf(c.secret()), config);
        assertThat(shares).singleElement().satisfies(s -> assertThat(s.bytes()).isEqualTo(c.secret()));
        assertThat(Shamir.combine(shares, config).bytes()).isEqualTo(c.secret());
    }

    @Property(tries = 10)
    void duplicateXCoordinatesAreRefused(@ForAll("cases") Case c) {
        SealConfig config = SealConfig.shamir(c.shares(), c.threshold());
        List<SecretBytes> shares = Shamir.split(SecretBytes.copyOf(c.secret()), config);
        List<SecretBytes> twice = new ArrayList<>();
        for (int i = 0; i < c.threshold(); i++) {
            twice.add(shares.get(0));
        }
        assertThatThrownBy(() -> Shamir.combine(twice, config))
                .isInstanceOf(CofferException.class).hasMessageContaining("same x coordinate");
    }
}
