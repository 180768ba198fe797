package io.github.idgov.core.delegation;

/** Names of the agent-delegation feature (issue 6), each spelled once here. */
public final class DelegationContract {

    /** Token-exchange provider that serves every exchange requested by an ai-agent client of a governed realm. */
    public static final String EXCHANGE_PROVIDER_ID = "idgov-agent-delegation";

    /** Protocol mapper (in the pack's claim scope) writing {@link #ACT_CLAIM} on tokens an agent holds for a user. */
    public static final String ACT_MAPPER_ID = "idgov-agent-act";

    /** Protocol mapper of a per-agent delegation scope: writes {@link #MAY_ACT_CLAIM} naming the agent. */
    public static final String MAY_ACT_MAPPER_ID = "idgov-may-act";

    /** Config key of {@link #MAY_ACT_MAPPER_ID}: the client id of the agent the user delegates to. */
    public static final String MAY_ACT_AGENT_CONFIG = "agent.client.id";

    /** Client-policy executor refusing the grants an ai-agent client must not use (password). */
    public static final String AGENT_GRANT_GUARD_ID = "idgov-agent-grant-guard";

    /** Naming convention of the per-agent delegation client scope: {@code delegate:<agent-client-id>}. */
    public static final String DELEGATION_SCOPE_PREFIX = "delegate:";

    /** RFC 8693 section 4.1 and 4.4 claims. */
    public static final String ACT_CLAIM = "act";
    public static final String MAY_ACT_CLAIM = "may_act";
    public static final String CLIENT_ID_CLAIM = "client_id";

    /** Client-scope attribute: the autonomy tier a scope needs (observe, recommend, act); unmarked scopes need act. */
    public static final String SCOPE_TIER_ATTRIBUTE = "idgov.autonomy-tier";

    /** Client-scope attribute: {@code true} marks an irreversible scope that exchange alone never grants. */
    public static final String SCOPE_IRREVERSIBLE_ATTRIBUTE = "idgov.irreversible";

    /** Client-session note carrying the delegation chain (JSON of the act claim) of the agent's tokens. */
    public static final String ACT_SESSION_NOTE = "idgov.delegation.act";

    /** Decision policies (audit record {@code decision.policy}). */
    public static final String POLICY_AGENT = "delegation-agent";
    public static final String POLICY_REQUEST = "delegation-request";
    public static final String POLICY_SUBJECT_TOKEN = "delegation-subject-token";
    public static final String POLICY_BINDING = "delegation-binding";
    public static final String POLICY_DEPTH = "delegation-depth";
    public static final String POLICY_SCOPE = "delegation-scope";
    public static final String POLICY_AUDIENCE = "delegation-audience";
    public static final String POLICY_GRANT = "delegation-grant";

    private DelegationContract() {
    }
}
