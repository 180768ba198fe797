package io.github.idgov.core.segmentation;

/** Names of environment segmentation, spelled once: attributes administrators set, the gate, the decision policy. */
public final class SegmentationContract {

    /** Client attribute and client-scope attribute: the environment ({@code prod}, {@code staging}, {@code dev}) it belongs to. */
    public static final String ENVIRONMENT_ATTRIBUTE = "idgov.environment";

    /**
     * Client attribute and client-scope attribute: the documented exception, a comma-separated list of the other
     * environments whose principals may still obtain tokens for it (e.g. {@code staging} on a prod read-only scope).
     */
    public static final String ALLOW_FROM_ATTRIBUTE = "idgov.environment.allow-from";

    /**
     * Realm attribute, {@code true} or {@code false} (default): in strict mode a principal without
     * {@code identity_environment} cannot obtain a token for a tagged client, audience or scope.
     */
    public static final String STRICT_REALM_ATTRIBUTE = "idgov.environment.strict";

    /** Client-policy executor that applies segmentation at token time. */
    public static final String ENVIRONMENT_GATE_ID = "idgov-environment-gate";

    /** {@code decision.policy} of segmentation decisions. */
    public static final String POLICY = "environment-segmentation";

    private SegmentationContract() {
    }
}
