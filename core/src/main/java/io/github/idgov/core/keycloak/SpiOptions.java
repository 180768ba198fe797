package io.github.idgov.core.keycloak;

import java.util.Arrays;
import java.util.Locale;
import org.keycloak.Config;

/**
 * Reads server-wide SPI options and fails start-up on a bad value, with a message naming the option as an
 * administrator sets it ({@code --spi-<spi>--<provider>--<option>}).
 */
public final class SpiOptions {

    private final Config.Scope config;
    private final String spi;
    private final String provider;

    public SpiOptions(Config.Scope config, String spi, String provider) {
        this.config = config;
        this.spi = spi;
        this.provider = provider;
    }

    /** The CLI flag of an option, e.g. {@code --spi-events-listener--idgov-lifecycle--orphan-cascade}. */
    public String flag(String option) {
        return "--spi-" + spi + "--" + provider + "--" + option;
    }

    public int nonNegativeInt(String option, int defaultValue) {
        return intAtLeast(option, defaultValue, 0);
    }

    public int intAtLeast(String option, int defaultValue, int minimum) {
        String raw = config.get(option);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        int value;
        try {
            value = Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw invalid(option, raw, "a whole number", e);
        }
        if (value < minimum) {
            throw invalid(option, raw, "at least " + minimum, null);
        }
        return value;
    }

    /** One of the given lower-case words. */
    public String oneOf(String option, String defaultValue, String... allowed) {
        String raw = config.get(option);
        if (raw == null || raw.isBlank()) {
            return defaultValue;
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (Arrays.asList(allowed).contains(value)) {
            return value;
        }
        throw invalid(option, raw, "one of: " + String.join(", ", allowed), null);
    }

    private IllegalArgumentException invalid(String option, String raw, String expected, Throwable cause) {
        return new IllegalArgumentException("Invalid value \"" + raw + "\" for option " + flag(option)
                + " (identity governance): expected " + expected, cause);
    }
}
