package io.github.idgov.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {

    @Test
    void isoDate() {
        assertThat(Formats.isoDate("2027-03-31")).contains(LocalDate.of(2027, 3, 31));
        assertThat(Formats.isoDate("2028-02-29")).contains(LocalDate.of(2028, 2, 29));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2027-13-01", "2027-02-30", "2027-02-29", "27-01-01", "2027-01-01T00:00:00Z", "2027-W01-1",
            "2027-001", "2027/03/31", "", "2027-3-31"})
    void notAnIsoDate(String raw) {
        assertThat(Formats.isoDate(raw)).isEmpty();
    }

    /** The hand-read form and the formatter agree on every string shaped like a date, valid or not. */
    @Property(tries = 2000)
    void isoDateAgreesWithTheFormatter(@ForAll @IntRange(min = 0, max = 9999) int year, @ForAll @IntRange(min = 0, max = 99) int month,
            @ForAll @IntRange(min = 0, max = 99) int day) {
        String raw = String.format("%04d-%02d-%02d", year, month, day);
        Optional<LocalDate> formatter;
        try {
            formatter = Optional.of(LocalDate.parse(raw, DateTimeFormatter.ISO_LOCAL_DATE));
        } catch (DateTimeParseException e) {
            formatter = Optional.empty();
        }
        assertThat(Formats.isoDate(raw)).isEqualTo(formatter);
    }

    @Test
    void isoDateBeyondFourDigitYearsStillGoesThroughTheFormatter() {
        assertThat(Formats.isoDate("+12027-03-31")).contains(LocalDate.of(12027, 3, 31));
    }

    @Test
    void isoInstant() {
        assertThat(Formats.isoInstant("2026-11-29T10:15:30Z")).contains(Instant.parse("2026-11-29T10:15:30Z"));
        assertThat(Formats.isoInstant("2026-11-29")).isEmpty();
        assertThat(Formats.isoInstant("2026-11-29T10:15:30")).isEmpty();
    }

    @Test
    void cadenceBounds() {
        assertThat(Formats.cadenceDays("1")).contains(1);
        assertThat(Formats.cadenceDays("3650")).contains(Formats.MAX_CADENCE_DAYS);
        assertThat(Formats.cadenceDays("0")).isEmpty();
        assertThat(Formats.cadenceDays("3651")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "abc", "+1", " 1", "1 ", "", "12345", "\u0661"})
    void cadenceIsAPlainDecimalInteger(String raw) {
        assertThat(Formats.cadenceDays(raw)).isEmpty();
    }
}
