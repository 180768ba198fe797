package io.github.idgov.core;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A second factor the step-up can ask for: the value an administrator writes in the
 * {@value StepUpContract#CONFIG_FACTORS} setting, the Keycloak authenticator that checks it, the required action that
 * enrols it, the credential type it stores, and the RFC 8176 {@code amr} value tokens carry when it was used.
 */
public enum StepUpFactor {

    /** Time-based one-time code from an authenticator app. */
    OTP("otp", "auth-otp-form", "CONFIGURE_TOTP", "otp", "otp"),
    /** WebAuthn security key (second factor, user presence): proof of possession of a hardware-secured key. */
    WEBAUTHN("webauthn", "webauthn-authenticator", "webauthn-register", "webauthn", "hwk"),
    /** Passkey (WebAuthn passwordless, user verification); may be synced between devices, hence the generic {@code pop}. */
    PASSKEY("passkey", "webauthn-authenticator-passwordless", "webauthn-register-passwordless", "webauthn-passwordless", "pop"),
    /** Single-use recovery codes: a fallback only, never the sole factor; one-time codes, hence {@code otp}. */
    RECOVERY_CODES("recovery-codes", "auth-recovery-authn-code-form", "CONFIGURE_RECOVERY_AUTHN_CODES", "recovery-authn-codes", "otp");

    private final String value;
    private final String authenticatorId;
    private final String requiredAction;
    private final String credentialType;
    private final String amr;

    StepUpFactor(String value, String authenticatorId, String requiredAction, String credentialType, String amr) {
        this.value = value;
        this.authenticatorId = authenticatorId;
        this.requiredAction = requiredAction;
        this.credentialType = credentialType;
        this.amr = amr;
    }

    public String value() {
        return value;
    }

    public String authenticatorId() {
        return authenticatorId;
    }

    public String requiredAction() {
        return requiredAction;
    }

    public String credentialType() {
        return credentialType;
    }

    public String amr() {
        return amr;
    }

    /** Only a fallback: the step-up never asks for it alone nor enrols it first. */
    public boolean isFallback() {
        return this == RECOVERY_CODES;
    }

    public static Optional<StepUpFactor> parse(String raw) {
        String value = raw == null ? "" : raw.trim();
        return Arrays.stream(values()).filter(f -> f.value.equals(value)).findFirst();
    }

    public static Optional<StepUpFactor> byAuthenticator(String authenticatorId) {
        return Arrays.stream(values()).filter(f -> f.authenticatorId.equals(authenticatorId)).findFirst();
    }

    /** The values, comma-separated, for messages and help texts. */
    public static String allowed() {
        return Arrays.stream(values()).map(StepUpFactor::value).collect(Collectors.joining(", "));
    }
}
