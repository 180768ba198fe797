package io.github.idgov.admin.approval;

import io.github.idgov.core.Decision;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.delegation.ApprovalBinding;
import io.github.idgov.core.delegation.ApprovalContract;
import io.github.idgov.core.delegation.ApprovalEvidence;
import io.github.idgov.core.delegation.ApprovalState;
import io.github.idgov.core.delegation.ApprovalStepUp;
import io.github.idgov.core.delegation.Approvers;
import io.github.idgov.core.delegation.DelegationContract;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.protocol.oidc.utils.AcrUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.util.JsonSerialization;

/**
 * The approval page's API ({@code /realms/{realm}/idgov-approval/api/approvals}). It accepts only tokens of the
 * {@value ApprovalContract#APPROVAL_CLIENT_ID} client at the step-up level within its max age. A person sees the
 * pending approvals they may decide (their own; their agents' where the realm lets sponsors decide) and approves or
 * denies each once; an approval completes the CIBA request as Keycloak's callback endpoint does.
 */
final class ApprovalApi {

    private final KeycloakSession session;
    private final RealmModel realm;

    ApprovalApi(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /** The pending approvals the caller may decide. */
    @GET
    @Path("approvals")
    @Produces(MediaType.APPLICATION_JSON)
    public Response pending() {
        Approver approver = approver();
        if (approver.refusal != null) {
            return approver.refusal;
        }
        String policy = realm.getAttribute(ApprovalContract.APPROVERS_ATTRIBUTE);
        String sponsor = Approvers.sponsorsDecide(policy) ? approver.user.getUsername() : null;
        long now = Time.currentTime();
        List<Map<String, Object>> items = new ApprovalStore(session, realm).pending(Set.of(approver.user.getId()), sponsor, now)
                .stream().filter(approval -> approval.userId.equals(approver.user.getId()) || sponsorStill(approval) != null)
                .map(ApprovalApi::view).toList();
        return json(Response.Status.OK, Map.of("approvals", items));
    }

    /** Approves or denies one approval, once. */
    @POST
    @Path("approvals/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.APPLICATION_JSON)
    public Response decide(@PathParam("id") String id, @FormParam(ApprovalContract.DECISION_PARAM) String decision) {
        Approver approver = approver();
        if (approver.refusal != null) {
            return approver.refusal;
        }
        if (!ApprovalContract.DECISION_APPROVE.equals(decision) && !ApprovalContract.DECISION_DENY.equals(decision)) {
            return error(Response.Status.BAD_REQUEST, "invalid_request", "parameter '" + ApprovalContract.DECISION_PARAM
                    + "' must be '" + ApprovalContract.DECISION_APPROVE + "' or '" + ApprovalContract.DECISION_DENY + "'");
        }
        ApprovalStore store = new ApprovalStore(session, realm);
        Optional<ApprovalEntity> found = id == null || id.length() > 36 ? Optional.empty() : store.byId(id);
        if (found.isEmpty()) {
            return error(Response.Status.NOT_FOUND, "not_found", "no approval '" + id + "' in this realm");
        }
        ApprovalEntity approval = found.get();
        UserModel user = approver.user;
        String principal = ApprovalPrincipal.of(session, realm, approval.agentClientId);
        String context = " [approval " + approval.id + ", client " + approval.agentClientId + "]";
        if (!Approvers.mayDecide(realm.getAttribute(ApprovalContract.APPROVERS_ATTRIBUTE), approval.userId, sponsorStill(approval),
                user.getId(), user.getUsername())) {
            DetachedDecisions.record(session, realm, new Decision(principal, ApprovalContract.POLICY_APPROVAL, Decision.Result.DENY,
                    user.getUsername() + " may not decide an approval asked of " + approval.username + context));
            return error(Response.Status.FORBIDDEN, "access_denied", "only " + approval.username
                    + " (or the agent's sponsor, where the realm allows it) decides this approval");
        }
        long now = Time.currentTime();
        ApprovalState state = ApprovalState.parse(approval.status).orElse(ApprovalState.EXPIRED);
        Optional<ApprovalState.Refusal> refusal = state.decisionRefusal(approval.expiresAt, now);
        if (refusal.isEmpty() && ApprovalContract.DECISION_APPROVE.equals(decision)) {
            refusal = approve(store, approval, user, approver.token, now);
        } else if (refusal.isEmpty()) {
            refusal = store.decide(approval.id, ApprovalState.DENIED, user.getUsername(), user.getId(), approver.token.getAcr(), now)
                    ? Optional.empty() : Optional.of(ApprovalState.Refusal.ALREADY_DECIDED);
            if (refusal.isEmpty()) {
                DeviceGrantType.denyUserCode(session, realm, approval.authResultId);
            }
        }
        if (refusal.isPresent()) {
            boolean expired = refusal.get() == ApprovalState.Refusal.EXPIRED;
            if (expired && !store.transition(approval.id, ApprovalState.PENDING, ApprovalState.EXPIRED)) {
                // approved a moment before Keycloak dropped the CIBA request: the approval can never be used
                store.transition(approval.id, ApprovalState.APPROVED, ApprovalState.EXPIRED);
            }
            DetachedDecisions.record(session, realm, new Decision(principal, ApprovalContract.POLICY_APPROVAL, Decision.Result.DENY,
                    user.getUsername() + " tried to " + decision + " approval that is " + (expired ? "expired" : "already decided") + context));
            return expired ? error(Response.Status.GONE, "expired_token", "approval " + approval.id + " has expired")
                    : error(Response.Status.CONFLICT, "already_decided", "approval " + approval.id + " was already decided");
        }
        boolean approved = ApprovalContract.DECISION_APPROVE.equals(decision);
        DecisionLog.record(session, realm, new Decision(principal, ApprovalContract.POLICY_APPROVAL,
                approved ? Decision.Result.ALLOW : Decision.Result.DENY, (approved ? "approved" : "denied") + " by " + user.getUsername()
                + " (acr " + approver.token.getAcr() + ") for " + approval.username + ": scope '" + approval.scope
                + "', binding_message '" + approval.bindingMessage + "'" + context));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", approval.id);
        answer.put("status", approved ? ApprovalState.APPROVED.value() : ApprovalState.DENIED.value());
        return json(Response.Status.OK, answer);
    }

    /** The sponsor the request named, if the agent still has them (the request recorded the sponsor of its time). */
    private String sponsorStill(ApprovalEntity approval) {
        UserModel agent = approval.sponsor == null ? null : session.users().getUserById(realm, approval.agentSub);
        return Approvers.sponsorStill(approval.sponsor, agent == null ? null : PrincipalResolver.resolve(realm, agent).sponsor());
    }

    private Optional<ApprovalState.Refusal> approve(ApprovalStore store, ApprovalEntity approval, UserModel user, AccessToken token, long now) {
        if (!store.decide(approval.id, ApprovalState.APPROVED, user.getUsername(), user.getId(), token.getAcr(), now)) {
            return Optional.of(ApprovalState.Refusal.ALREADY_DECIDED);
        }
        Map<String, Object> act = ApprovalEvidence.act(approval.agentSub, approval.agentClientId, IdentityClass.AI_AGENT.value(),
                approval.id, user.getUsername(), user.getId(), token.getAcr(), now);
        // the approver's step-up, for the step-up gate: only what this server saw (the approver's validated token)
        ApprovalStepUp stepUp = new ApprovalStepUp(token.getAcr(), token.getAuth_time(), user.getId(), ApprovalBinding.scopes(approval.scope));
        // completes the CIBA request as Keycloak's callback endpoint does; both reach the agent's client session
        if (!DeviceGrantType.approveUserCode(session, realm, approval.authResultId, "idgov-approval",
                Map.of(DelegationContract.ACT_SESSION_NOTE, write(act), ApprovalContract.STEP_UP_EVIDENCE_PARAM, stepUp.toJson()))) {
            return Optional.of(ApprovalState.Refusal.EXPIRED);
        }
        return Optional.empty();
    }

    /** The caller: a valid token of the approval client, at the step-up level within its max age. */
    private Approver approver() {
        if (!RealmGovernance.mode(realm).isOn()) {
            return new Approver(null, null, error(Response.Status.NOT_FOUND, "not_found", "approvals are off in this realm"));
        }
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm)
                .setUriInfo(session.getContext().getUri()).setConnection(session.getContext().getConnection())
                .setHeaders(session.getContext().getRequestHeaders()).authenticate();
        if (auth == null) {
            return new Approver(null, null, error(Response.Status.UNAUTHORIZED, "invalid_token", "a bearer token of client "
                    + ApprovalContract.APPROVAL_CLIENT_ID + " is required"));
        }
        AccessToken token = auth.token();
        ClientModel client = realm.getClientByClientId(ApprovalContract.APPROVAL_CLIENT_ID);
        if (client == null || !ApprovalContract.APPROVAL_CLIENT_ID.equals(token.getIssuedFor())) {
            return new Approver(null, null, error(Response.Status.FORBIDDEN, "invalid_token", "only tokens of client "
                    + ApprovalContract.APPROVAL_CLIENT_ID + " decide approvals"));
        }
        int level = attribute(client, StepUpContract.LEVEL_ATTRIBUTE, StepUpContract.DEFAULT_LEVEL);
        int maxAge = attribute(client, StepUpContract.MAX_AGE_ATTRIBUTE, StepUpContract.DEFAULT_MAX_AGE_SECONDS);
        Long authTime = token.getAuth_time();
        // Keycloak named the token's acr with the client's acr.loa.map, else the realm's: read it back the same way
        if (!ApprovalEvidence.freshStepUp(token.getAcr(), authTime, level, maxAge, Time.currentTime(), AcrUtils.getAcrLoaMap(client))) {
            return new Approver(null, null, error(Response.Status.FORBIDDEN, "insufficient_user_authentication",
                    "a step-up to level " + level + " within " + maxAge + " s is required (token acr " + token.getAcr() + ")"));
        }
        return new Approver(auth.user(), token, null);
    }

    private static int attribute(ClientModel client, String name, int defaultValue) {
        try {
            String value = client.getAttribute(name);
            return value == null ? defaultValue : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return defaultValue; // the step-up authenticator treats a malformed value the same way
        }
    }

    private record Approver(UserModel user, AccessToken token, Response refusal) {
    }

    private static Map<String, Object> view(ApprovalEntity approval) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", approval.id);
        item.put("agent", approval.agentClientId);
        item.put("user", approval.username);
        item.put("scope", approval.scope);
        item.put("binding_message", approval.bindingMessage);
        item.put("requested_at", approval.createdAt);
        item.put("expires_at", approval.expiresAt);
        return item;
    }

    private static Response error(Response.Status status, String error, String description) {
        return json(status, Map.of("error", error, "error_description", description));
    }

    private static Response json(Response.Status status, Object body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").entity(write(body)).build();
    }

    private static String write(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise an approval answer", e);
        }
    }
}
