package io.github.idgov.authenticators.stepup;

import io.github.idgov.authenticators.GovernanceAuthenticator;
import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.RealmGovernance;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowCallback;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * First step of the pack's browser flow. Turns what the request asks for (sensitive client scopes, a sensitive
 * client) into Keycloak's requested level of authentication, so the flow's level conditions ask for the second
 * factor; and forgets, for this request, a level reached longer ago than the request's window, so a stale second
 * factor is asked again while a fresh one is not. {@code acr_values}, {@code claims} and {@code max_age} keep
 * working as Keycloak handles them; this step only ever raises the level. In the post-broker flow after a first broker
 * login that linked an existing account, a factor passed in that account check counts ({@link FirstBrokerLoginFactor}).
 * Monitor mode records the step-up it would ask for and leaves the request as it is.
 */
final class StepUpAuthenticator implements GovernanceAuthenticator, AuthenticationFlowCallback {

    /** Auth note carrying the decision until the user is known (the login's end). */
    static final String DECISION_NOTE = "idgov.step-up.decision";

    private final KeycloakSession session;

    StepUpAuthenticator(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        StepUpSettings settings = StepUpSettings.from(context.getAuthenticatorConfig() == null ? null
                : context.getAuthenticatorConfig().getConfig());
        Optional<StepUpRequirement> requirement = mode.isOn() ? requirement(authSession, settings) : Optional.empty();
        if (requirement.isEmpty()) {
            context.success();
            return;
        }
        StepUpRequirement needed = requirement.get();
        UserSessionModel sso = ssoSession(context.getSession(), realm);
        long now = Time.currentTime();
        boolean fresh = sso != null && LevelTimes.parse(sso.getNote(Constants.LOA_MAP)).satisfies(needed, now)
                || mode == GovernanceMode.ENFORCE && FirstBrokerLoginFactor.credit(context.getSession(), authSession, settings.factors());
        if (mode == GovernanceMode.MONITOR) {
            if (!fresh) {
                noteDecision(authSession, Decision.Result.WOULD_DENY, needed.wouldAsk());
            }
            context.success();
            return;
        }
        raiseRequestedLevel(authSession, needed.level());
        if (sso != null) {
            String trimmed = LevelTimes.parse(sso.getNote(Constants.LOA_MAP)).withoutStale(needed, now);
            if (trimmed != null) {
                // Keycloak's cookie step reads the levels from the SSO session: a stale one must not count here
                sso.setNote(Constants.LOA_MAP, trimmed);
            }
        }
        if (!fresh) {
            noteDecision(authSession, Decision.Result.STEP_UP, needed.asked());
        }
        context.success();
    }

    private static void noteDecision(AuthenticationSessionModel authSession, Decision.Result result, String reason) {
        authSession.setAuthNote(DECISION_NOTE, result.name() + "|" + reason + " [client " + authSession.getClient().getClientId() + "]");
        // Keycloak registers flow callbacks only for steps inside a sub-flow; this step sits in the top flow
        AuthenticatorUtil.setAuthCallbacksFactoryIds(authSession, StepUpContract.STEP_UP_AUTHENTICATOR_ID);
    }

    /** The login succeeded and its user is known: the step-up asked (or, in monitor, not asked) becomes a decision. */
    @Override
    public void onTopFlowSuccess(AuthenticationFlowModel topFlow) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        String note = authSession == null ? null : authSession.getAuthNote(DECISION_NOTE);
        if (note == null) {
            return;
        }
        authSession.removeAuthNote(DECISION_NOTE);
        int bar = note.indexOf('|');
        UserModel user = authSession.getAuthenticatedUser();
        DecisionLog.record(session, authSession.getRealm(), new Decision(user == null ? "-" : user.getUsername(),
                StepUpContract.STEP_UP_POLICY, Decision.Result.valueOf(note.substring(0, bar)), note.substring(bar + 1)));
    }

    @Override
    public void onParentFlowSuccess(AuthenticationFlowContext context) {
        // the decision waits for the whole login (onTopFlowSuccess)
    }

    private static Optional<StepUpRequirement> requirement(AuthenticationSessionModel authSession, StepUpSettings settings) {
        ClientModel client = authSession.getClient();
        List<ClientScopeModel> scopes = ClientScopes.granted(client, authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM));
        Stream<StepUpRequirement> configured = scopes.stream().map(ClientScopeModel::getName)
                .filter(settings.sensitiveScopes()::contains).map(settings::requirementFor);
        return Stream.concat(StepUpRequirement.of(client, scopes).stream(), configured).reduce(StepUpRequirement::strictest);
    }

    private static void raiseRequestedLevel(AuthenticationSessionModel authSession, int level) {
        String current = authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION);
        int requested = current == null ? Constants.NO_LOA : Integer.parseInt(current);
        if (level > requested) {
            authSession.setClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION, String.valueOf(level));
        }
    }

    /** The SSO session of the browser's identity cookie, if any (Keycloak's own cookie check, no extra query). */
    private static UserSessionModel ssoSession(KeycloakSession session, RealmModel realm) {
        AuthenticationManager.AuthResult result = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        return result == null ? null : result.session();
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
