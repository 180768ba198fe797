package io.github.idgov.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The secret's stored creation time is read by hand on every token; it must accept exactly what the old regex did. */
class SecretEpochSecondsTest {

    @Property(tries = 3000)
    void readsWhatTheRegexAccepted(@ForAll("storedValues") String raw) {
        Instant expected = raw.trim().matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(raw.trim())) : null;
        assertThat(SecretAge.epochSeconds(raw)).isEqualTo(expected);
    }

    @Test
    void refusesWhatIsNoEpochSecond() {
        assertThat(SecretAge.epochSeconds(null)).isNull();
        assertThat(SecretAge.epochSeconds("")).isNull();
        assertThat(SecretAge.epochSeconds("  ")).isNull();
        assertThat(SecretAge.epochSeconds("-5")).isNull();
        assertThat(SecretAge.epochSeconds("1234567890123")).isNull();
        assertThat(SecretAge.epochSeconds("１２３")).isNull(); // full-width digits are digits to Character, not to us
        assertThat(SecretAge.epochSeconds(" 1700000000 ")).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    }

    @Provide
    Arbitrary<String> storedValues() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(14);
        Arbitrary<String> padded = digits.map(d -> " " + d + "\t");
        Arbitrary<String> mixed = Arbitraries.strings().withChars("0123456789 -+.e\t١").ofMinLength(0).ofMaxLength(14);
        return Arbitraries.oneOf(digits, padded, mixed);
    }
}
