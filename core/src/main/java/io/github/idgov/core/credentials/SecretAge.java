package io.github.idgov.core.credentials;

import java.time.Instant;

/**
 * A client secret past the maximum age of the credential policy: {@link Stage#PAST_MAXIMUM} while the grace runs
 * (tokens still issued), {@link Stage#REFUSED} once the token gate refuses it.
 *
 * @param issued      when the secret was generated (or first seen)
 * @param refusedFrom the first instant the token gate refuses the secret (maximum plus grace)
 */
public record SecretAge(Stage stage, Instant issued, Instant refusedFrom, CredentialFinding finding) {

    public enum Stage {
        PAST_MAXIMUM("past-maximum"),
        REFUSED("refused");

        private final String value;

        Stage(String value) {
            this.value = value;
        }

        public String value() {
            return value;
        }
    }

    /**
     * When a secret was issued, from the client's attributes: Keycloak's creation time, else the day the pack first saw
     * it authenticate; null when neither is recorded.
     */
    public static Instant issued(String creationTime, String firstSeen) {
        Instant created = epochSeconds(creationTime);
        return created != null ? created : epochSeconds(firstSeen);
    }

    /** 1 to 12 ASCII digits (surrounding blanks allowed), else null; read by hand, as it runs on every token. */
    public static Instant epochSeconds(String raw) {
        if (raw == null) {
            return null;
        }
        String digits = raw.trim();
        if (digits.isEmpty() || digits.length() > 12) {
            return null;
        }
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return Instant.ofEpochSecond(Long.parseLong(digits));
    }
}
