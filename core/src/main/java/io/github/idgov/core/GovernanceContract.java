package io.github.idgov.core;

/** Names shared by providers, realm setup and tests; each spelled once here. */
public final class GovernanceContract {

    /** Realm attribute holding the {@link GovernanceMode}. */
    public static final String REALM_MODE_ATTRIBUTE = "idgov.mode";

    /** Token claim carrying the principal's class. */
    public static final String IDENTITY_CLASS_CLAIM = "identity_class";

    /** Protocol mapper provider that writes {@link #IDENTITY_CLASS_CLAIM}. */
    public static final String IDENTITY_CLASS_MAPPER_ID = "idgov-identity-class";

    /** Client scope the pack adds to a governed realm to carry its claims. */
    public static final String CLIENT_SCOPE_NAME = "identity-governance";

    /** User-profile validator that applies the governance rules to each governance attribute. */
    public static final String VALIDATOR_ID = "idgov-governance";

    /** Event listener that turns every event of a governed realm into an audit record. */
    public static final String AUDIT_LISTENER_ID = "idgov-audit";

    /** Annotation marking user-profile attributes the pack manages (and may refresh on upgrade). */
    public static final String MANAGED_ANNOTATION = "idgov.managed";

    /** Client-policy executor that applies the lifecycle rules at token time. */
    public static final String LIFECYCLE_GATE_ID = "idgov-lifecycle-gate";
    /** The client-policy executor that runs the pack's configuration-free token gates in order, as one executor. */
    public static final String TOKEN_GATES_ID = "idgov-token-gates";

    /**
     * Client-policy condition of the pack's client policy: satisfied on the events the pack's executors act on, so
     * Keycloak skips the pack's profile on every other event of a request.
     */
    public static final String GATED_EVENTS_CONDITION_ID = "idgov-gated-events";

    /** Name of the client profile and client policy the pack installs into a governed realm. */
    public static final String LIFECYCLE_CLIENT_POLICY = "idgov-lifecycle";

    /**
     * Keycloak Workflows condition ({@code workflow-condition} SPI) matching users by identity class, written
     * {@code if: idgov-has-identity-class(human)} or with a comma-separated list of classes.
     */
    public static final String WORKFLOW_CONDITION_ID = "idgov-has-identity-class";

    private GovernanceContract() {
    }
}
