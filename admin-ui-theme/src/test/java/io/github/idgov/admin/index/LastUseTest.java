package io.github.idgov.admin.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LastUseTest {

    @Test
    void theDayStartIsMidnightUtcOfTheDay() {
        Random random = new Random(11);
        for (int i = 0; i < 100_000; i++) {
            long millis = (long) ((random.nextDouble() - 0.3) * 4_000_000_000_000L); // 1843 to 2096
            long midnight = LocalDate.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC)
                    .toInstant().toEpochMilli();
            assertThat(LastUse.dayStart(millis)).as("%d", millis).isEqualTo(midnight);
        }
        assertThat(LastUse.dayStart(Instant.parse("2026-12-01T23:59:59.999Z").toEpochMilli()))
                .isEqualTo(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
        assertThat(LastUse.dayStart(-1)).isEqualTo(Instant.parse("1969-12-31T00:00:00Z").toEpochMilli());
    }
}
