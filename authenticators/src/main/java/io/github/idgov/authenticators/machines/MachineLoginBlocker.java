package io.github.idgov.authenticators.machines;

import io.github.idgov.authenticators.GovernanceAuthenticator;
import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Errors;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * In the pack's browser flow, right after the user is identified: a machine gets an error page and no session
 * (enforce), or a would-deny decision (monitor). Works for every protocol the flow serves; the token-time
 * {@link MachineLoginGate} stays the backstop when an administrator binds another flow.
 */
final class MachineLoginBlocker implements GovernanceAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        UserModel user = context.getUser();
        if (!mode.isOn() || user == null) {
            context.success();
            return;
        }
        GovernanceRecord record = PrincipalResolver.resolve(realm, user);
        if (!record.identityClass().isMachine()) {
            context.success();
            return;
        }
        String reason = user.getUsername() + " is of class " + record.identityClass().value()
                + ": machines may not log in interactively (browser login, client "
                + context.getAuthenticationSession().getClient().getClientId() + ")";
        // recorded on its own: a refused login rolls its transaction back
        DetachedDecisions.record(context.getSession(), realm, new Decision(user.getUsername(), StepUpContract.MACHINE_LOGIN_POLICY,
                Decision.denialIn(mode), reason));
        if (mode != GovernanceMode.ENFORCE) {
            context.success();
            return;
        }
        context.getEvent().user(user).detail("reason", reason).error(Errors.ACCESS_DENIED);
        context.failure(AuthenticationFlowError.ACCESS_DENIED,
                context.form().setError(reason).createErrorPage(Response.Status.FORBIDDEN));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        authenticate(context);
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
