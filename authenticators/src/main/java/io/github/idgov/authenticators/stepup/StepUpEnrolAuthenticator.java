package io.github.idgov.authenticators.stepup;

import io.github.idgov.authenticators.GovernanceAuthenticator;
import io.github.idgov.core.Decision;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.StepUpFactor;
import io.github.idgov.core.keycloak.DecisionLog;
import java.util.Optional;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.UserModel;

/**
 * Last step of the step-up's level-2 sub-flow, after the factor alternatives (which run only for a user who has one
 * of them): a user with none of the configured factors gets the first one whose required action is enabled enrolled
 * during this login ({@code no-factor=enroll}, Keycloak's own behaviour for a required OTP step), or is refused
 * ({@code no-factor=deny}, or nothing can be enrolled). Reads the {@value StepUpContract#STEP_UP_AUTHENTICATOR_ID}
 * configuration of its top flow, so one setting drives the whole flow.
 */
final class StepUpEnrolAuthenticator implements GovernanceAuthenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        StepUpSettings settings = StepUpSettings.from(stepUpConfig(realm, context.getExecution()).map(AuthenticatorConfigModel::getConfig).orElse(null));
        boolean hasFactor = settings.factors().stream()
                .anyMatch(f -> user.credentialManager().getStoredCredentialsByTypeStream(f.credentialType()).findAny().isPresent());
        if (hasFactor) {
            context.success(); // the factor alternatives before this step asked for it
            return;
        }
        Optional<StepUpFactor> enrol = settings.denyWithoutFactor() ? Optional.empty() : settings.factors().stream()
                .filter(f -> !f.isFallback())
                .filter(f -> enabled(realm.getRequiredActionProviderByAlias(f.requiredAction())))
                .findFirst();
        if (enrol.isEmpty()) {
            String reason = "no second factor of " + settings.factors().stream().map(StepUpFactor::value).toList() + " and "
                    + (settings.denyWithoutFactor() ? StepUpContract.CONFIG_NO_FACTOR + "=" + StepUpContract.NO_FACTOR_DENY
                    : "no enrolment action enabled") + " [client " + context.getAuthenticationSession().getClient().getClientId() + "]";
            DecisionLog.record(context.getSession(), realm, new Decision(user.getUsername(), StepUpContract.STEP_UP_POLICY,
                    Decision.Result.DENY, reason));
            context.failure(AuthenticationFlowError.CREDENTIAL_SETUP_REQUIRED);
            return;
        }
        context.getAuthenticationSession().addRequiredAction(enrol.get().requiredAction());
        context.success();
    }

    private static boolean enabled(RequiredActionProviderModel action) {
        return action != null && action.isEnabled();
    }

    /** The step-up authenticator's configuration in the top flow this execution belongs to. */
    static Optional<AuthenticatorConfigModel> stepUpConfig(RealmModel realm, AuthenticationExecutionModel execution) {
        String flowId = execution.getParentFlow();
        for (AuthenticationExecutionModel parent = realm.getAuthenticationExecutionByFlowId(flowId); parent != null;
             parent = realm.getAuthenticationExecutionByFlowId(flowId)) {
            flowId = parent.getParentFlow();
        }
        return realm.getAuthenticationExecutionsStream(flowId)
                .filter(e -> StepUpContract.STEP_UP_AUTHENTICATOR_ID.equals(e.getAuthenticator()) && e.getAuthenticatorConfig() != null)
                .findFirst().map(e -> realm.getAuthenticatorConfigById(e.getAuthenticatorConfig()));
    }

    @Override
    public boolean requiresUser() {
        return true;
    }
}
