package io.github.idgov.core.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

class SpiOptionsTest {

    private static final String PREFIX = "idgov.test.spioptions.";
    private final SpiOptions options = new SpiOptions(new Config.SystemPropertiesScope(PREFIX), "events-listener", "idgov-x");

    @AfterEach
    void clear() {
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX)).forEach(System::clearProperty);
    }

    @Test
    void absentMeansDefault() {
        assertThat(options.nonNegativeInt("grace", 7)).isEqualTo(7);
        assertThat(options.oneOf("cascade", "flag", "suspend", "flag")).isEqualTo("flag");
    }

    @Test
    void validValuesAreRead() {
        System.setProperty(PREFIX + "grace", "0");
        System.setProperty(PREFIX + "cascade", " Suspend ");
        assertThat(options.nonNegativeInt("grace", 7)).isZero();
        assertThat(options.oneOf("cascade", "flag", "suspend", "flag")).isEqualTo("suspend");
    }

    @Test
    void badValuesNameTheOptionAsTheAdministratorWritesIt() {
        System.setProperty(PREFIX + "grace", "-1");
        System.setProperty(PREFIX + "cadence", "ninety");
        System.setProperty(PREFIX + "cascade", "delete");
        assertThatThrownBy(() -> options.nonNegativeInt("grace", 7)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--spi-events-listener--idgov-x--grace").hasMessageContaining("\"-1\"").hasMessageContaining("at least 0");
        assertThatThrownBy(() -> options.intAtLeast("cadence", 90, 1))
                .hasMessageContaining("--spi-events-listener--idgov-x--cadence").hasMessageContaining("whole number");
        assertThatThrownBy(() -> options.oneOf("cascade", "flag", "suspend", "flag"))
                .hasMessageContaining("--spi-events-listener--idgov-x--cascade").hasMessageContaining("suspend, flag");
    }
}
