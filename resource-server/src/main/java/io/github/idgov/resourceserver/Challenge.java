package io.github.idgov.resourceserver;

/** {@code WWW-Authenticate} values: RFC 9470 section 3 (step-up) and RFC 6750 section 3 (no or bad token). */
public final class Challenge {

    public static final String HEADER = "WWW-Authenticate";
    public static final String INSUFFICIENT_USER_AUTHENTICATION = "insufficient_user_authentication";

    private Challenge() {
    }

    /** {@code Bearer error="insufficient_user_authentication", error_description="…", acr_values="…", max_age="…"}. */
    public static String insufficientUserAuthentication(StepUpPolicy policy, String description) {
        StringBuilder value = new StringBuilder("Bearer error=\"").append(INSUFFICIENT_USER_AUTHENTICATION).append('"');
        if (description != null) {
            value.append(", error_description=\"").append(quoted(description)).append('"');
        }
        value.append(", acr_values=\"").append(quoted(policy.acr())).append('"');
        if (policy.maxAgeSeconds() != null) {
            value.append(", max_age=\"").append(policy.maxAgeSeconds()).append('"');
        }
        return value.toString();
    }

    /** No token: {@code Bearer} alone (RFC 6750 section 3.1: no error code when the request had no credentials). */
    public static String missingToken() {
        return "Bearer";
    }

    public static String invalidToken(String description) {
        return "Bearer error=\"invalid_token\", error_description=\"" + quoted(description) + "\"";
    }

    /** A quoted-string may not carry a bare quote or backslash, nor control characters. */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c != 0x7f) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
