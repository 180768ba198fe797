package io.github.idgov.core;

/** Names of the step-up and interactive-login controls, shared by providers, realm setup and tests; each spelled once here. */
public final class StepUpContract {

    /** Client-policy executor that keeps machines out of interactive grants (password, code, device, CIBA). */
    public static final String MACHINE_LOGIN_GATE_ID = "idgov-machine-login-gate";

    /** Authenticator in the pack's browser flow that stops a machine right after it is identified. */
    public static final String MACHINE_LOGIN_AUTHENTICATOR_ID = "idgov-machine-login-block";

    /** Authenticator at the top of the step-up browser flow: turns sensitive scopes and clients into a requested level. */
    public static final String STEP_UP_AUTHENTICATOR_ID = "idgov-step-up";

    /** Client-policy executor that refuses a sensitive scope to a token whose session has no fresh step-up. */
    public static final String STEP_UP_GATE_ID = "idgov-step-up-gate";

    /** Protocol mapper writing {@code amr} (Keycloak's AMR mapper without its exception per login step). */
    public static final String AMR_MAPPER_ID = "idgov-amr";

    /** Alias of the browser flow the pack installs into a governed realm. */
    public static final String STEP_UP_FLOW_ALIAS = "idgov browser step-up";

    /** Alias of the post-broker-login flow the pack installs: the browser flow's level-2 steps after an identity provider. */
    public static final String BROKER_FLOW_ALIAS = "idgov post-broker step-up";

    /** Alias of the post-broker-login flow's sub-flow of second factors (kept in step with the browser flow's). */
    public static final String BROKER_FACTORS_FLOW_ALIAS = "idgov broker second factor";

    /** Client scope or client attribute: the level of authentication (acr) a token with it needs, e.g. {@code 2}. */
    public static final String LEVEL_ATTRIBUTE = "idgov.step-up.level";

    /** Client scope or client attribute: how old, in seconds, that level may be (the freshness window). */
    public static final String MAX_AGE_ATTRIBUTE = "idgov.step-up.max-age";

    /** Configuration keys of the {@value #STEP_UP_AUTHENTICATOR_ID} authenticator. */
    public static final String CONFIG_SENSITIVE_SCOPES = "sensitive-scopes";
    public static final String CONFIG_LEVEL = "level";
    public static final String CONFIG_MAX_AGE = "max-age";
    /** The second factors the step-up offers, in the order it offers and enrols them (values of {@link StepUpFactor}). */
    public static final String CONFIG_FACTORS = "factors";
    /** What a user with none of those factors gets: {@value #NO_FACTOR_ENROL} (default) or {@value #NO_FACTOR_DENY}. */
    public static final String CONFIG_NO_FACTOR = "no-factor";
    public static final String NO_FACTOR_ENROL = "enroll";
    public static final String NO_FACTOR_DENY = "deny";

    /** Authenticator in the step-up level-2 flow that enrols (or refuses) a user who has none of the configured factors. */
    public static final String STEP_UP_ENROL_AUTHENTICATOR_ID = "idgov-step-up-enrol";

    /** Alias of the sub-flow of the step-up flow holding one alternative per factor. */
    public static final String FACTORS_FLOW_ALIAS = "idgov second factor";

    /** Freshness window (seconds) where a sensitive scope, client or the authenticator names no max age. */
    public static final int DEFAULT_MAX_AGE_SECONDS = 300;

    /** Level a scope listed in the authenticator's configuration needs when the configuration names none. */
    public static final int DEFAULT_LEVEL = 2;

    /** Decision policy names. */
    public static final String MACHINE_LOGIN_POLICY = "machine-interactive-login";
    public static final String STEP_UP_POLICY = "step-up";

    private StepUpContract() {
    }
}
