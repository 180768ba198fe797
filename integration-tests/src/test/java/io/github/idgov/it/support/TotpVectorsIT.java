package io.github.idgov.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The test's TOTP generator against RFC 6238 appendix B (SHA-1 key, last six digits) and RFC 4648 Base32. No server. */
class TotpVectorsIT {

    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238Sha1Vectors() {
        assertThat(Totp.code(RFC_KEY, 59 / 30)).isEqualTo("287082");
        assertThat(Totp.code(RFC_KEY, 1111111109L / 30)).isEqualTo("081804");
        assertThat(Totp.code(RFC_KEY, 1111111111L / 30)).isEqualTo("050471");
        assertThat(Totp.code(RFC_KEY, 1234567890L / 30)).isEqualTo("005924");
        assertThat(Totp.code(RFC_KEY, 2000000000L / 30)).isEqualTo("279037");
    }

    @Test
    void base32DecodesTheRfc4648Example() {
        assertThat(new String(Totp.Base32.decode("MZXW 6YTB OI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
    }
}
