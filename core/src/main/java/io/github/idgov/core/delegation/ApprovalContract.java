package io.github.idgov.core.delegation;

/** Names of the human approval of irreversible agent actions (issue 6, CIBA), each spelled once here. */
public final class ApprovalContract {

    /** CIBA authentication channel ({@code ciba-auth-channel} SPI) recording pending approvals. */
    public static final String CHANNEL_PROVIDER_ID = "idgov-approval";

    /** Realm resource serving the approval page and its API at {@code /realms/{realm}/idgov-approval/}. */
    public static final String PAGE_PROVIDER_ID = "idgov-approval";

    /** The public PKCE client the approval page logs in with (step-up required). */
    public static final String APPROVAL_CLIENT_ID = "idgov-approval";

    /** Client-policy executor checking CIBA requests of agents and shaping the approved token. */
    public static final String APPROVAL_GATE_ID = "idgov-agent-approval-gate";

    /** Realm attribute: who may decide, {@link #APPROVERS_USER} (default) or {@link #APPROVERS_USER_OR_SPONSOR}. */
    public static final String APPROVERS_ATTRIBUTE = "idgov.approval.approvers";
    public static final String APPROVERS_USER = "user";
    public static final String APPROVERS_USER_OR_SPONSOR = "user-or-sponsor";

    /** Member of {@code act} carrying the approval evidence (approver, acr, approved_at). */
    public static final String EVIDENCE_CLAIM = "approval";
    public static final String EVIDENCE_APPROVER = "approver";
    public static final String EVIDENCE_APPROVER_SUB = "approver_sub";
    public static final String EVIDENCE_ACR = "acr";
    public static final String EVIDENCE_APPROVED_AT = "approved_at";
    public static final String EVIDENCE_ID = "id";

    /**
     * Callback parameter of an approved CIBA request carrying the approver's step-up evidence ({@link ApprovalStepUp});
     * Keycloak keeps it as a client-session note of the agent's token, prefixed as every callback parameter.
     */
    public static final String STEP_UP_EVIDENCE_PARAM = "idgov.approval.step-up";

    /** Decision (approval page API) parameter and its values. */
    public static final String DECISION_PARAM = "decision";
    public static final String DECISION_APPROVE = "approve";
    public static final String DECISION_DENY = "deny";

    /** Decision policy (audit record {@code decision.policy}) of requests, decisions and their consumption. */
    public static final String POLICY_APPROVAL = "delegation-approval";

    /** Server option of the approval gate: longest life of an approved agent token. */
    public static final String MAX_TTL_OPTION = "max-ttl-seconds";

    private ApprovalContract() {
    }
}
