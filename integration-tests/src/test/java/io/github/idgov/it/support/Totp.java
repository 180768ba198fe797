package io.github.idgov.it.support;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 6 digits, 30 s steps: Keycloak's default OTP policy), computed
 * in the test as an authenticator app would. Keycloak refuses a code used once already, so {@link #freshCode()}
 * waits for the next time step when this generator has used the current one.
 */
public final class Totp {

    private static final int DIGITS = 6;
    private static final long STEP_SECONDS = 30;

    private final byte[] key;
    private byte[] decodedKey;
    private long lastStep = -1;

    /** Keycloak keeps the secret as text and uses its UTF-8 bytes as the HMAC key. */
    public Totp(String secret) {
        this.key = secret.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The key behind a Base32 text as Keycloak stores it (its generated OTP keys are ASCII): what must never appear
     * in an audit sink.
     */
    public static String keyOfBase32(String base32) {
        return new String(Base32.decode(base32), StandardCharsets.US_ASCII);
    }

    /** From the Base32 key an enrolment page shows (spaces allowed), as an authenticator app reads it. */
    public static Totp ofBase32(String base32) {
        Totp totp = new Totp("");
        totp.decodedKey = Base32.decode(base32);
        return totp;
    }

    /** The code of the current step, waiting first for the next step if this generator already used the current one. */
    public synchronized String freshCode() throws InterruptedException {
        long step = Instant.now().getEpochSecond() / STEP_SECONDS;
        while (step <= lastStep) {
            long nextStepStartsInMillis = (lastStep + 1) * STEP_SECONDS * 1000 - System.currentTimeMillis();
            Thread.sleep(Math.max(50, Math.min(nextStepStartsInMillis + 50, Duration.ofSeconds(STEP_SECONDS).toMillis())));
            step = Instant.now().getEpochSecond() / STEP_SECONDS;
        }
        lastStep = step;
        return code(decodedKey != null ? decodedKey : key, step);
    }

    /** RFC 4648 Base32 (upper case, no padding needed). */
    static final class Base32 {
        private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

        private Base32() {
        }

        static byte[] decode(String text) {
            String clean = text.replaceAll("[\\s=]", "").toUpperCase(java.util.Locale.ROOT);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            int buffer = 0;
            int bits = 0;
            for (char c : clean.toCharArray()) {
                int value = ALPHABET.indexOf(c);
                if (value < 0) {
                    throw new IllegalArgumentException("not Base32: " + c);
                }
                buffer = (buffer << 5) | value;
                bits += 5;
                if (bits >= 8) {
                    out.write((buffer >> (bits - 8)) & 0xff);
                    bits -= 8;
                }
            }
            return out.toByteArray();
        }
    }

    /** RFC 6238 section 4 over RFC 4226 section 5.3 (dynamic truncation). */
    static String code(byte[] key, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format("%0" + DIGITS + "d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }
}
