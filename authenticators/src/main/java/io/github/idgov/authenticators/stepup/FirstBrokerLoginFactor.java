package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.StepUpFactor;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.authentication.authenticators.broker.util.SerializedBrokeredIdentityContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.CommonClientSessionModel.ExecutionStatus;

/**
 * Linking an existing account in Keycloak's first broker login proves that account with its password and second factor
 * (the first-broker-login flow's re-authentication), steps that record no level. When one of the step-up's factors
 * passed there, in this very login, the post-broker step-up that follows counts it as level 2 instead of asking it again.
 * Only a factor step of the identity provider's first-broker-login flow counts: Keycloak clears the login's execution
 * statuses when that flow starts, so a status found here is this login's, for the account being linked.
 */
final class FirstBrokerLoginFactor {

    /** The level of the step-up flows' second-factor sub-flow. */
    static final int SECOND_FACTOR_LEVEL = 2;

    private FirstBrokerLoginFactor() {
    }

    /** True (and level 2 recorded for this login) when the first broker login just passed one of {@code factors}. */
    static boolean credit(KeycloakSession session, AuthenticationSessionModel authSession, Iterable<StepUpFactor> factors) {
        if (!Boolean.parseBoolean(authSession.getAuthNote(PostBrokerLoginConstants.PBL_AFTER_FIRST_BROKER_LOGIN))) {
            return false;
        }
        RealmModel realm = authSession.getRealm();
        String firstBrokerFlowId = firstBrokerLoginFlowId(session, realm, authSession);
        if (firstBrokerFlowId == null) {
            return false;
        }
        Set<String> factorAuthenticators = new HashSet<>();
        factors.forEach(f -> factorAuthenticators.add(f.authenticatorId()));
        Set<String> passed = authSession.getExecutionStatus().entrySet().stream()
                .filter(e -> e.getValue() == ExecutionStatus.SUCCESS).map(Map.Entry::getKey).collect(Collectors.toSet());
        Set<String> passedFactors = passed.stream().map(realm::getAuthenticationExecutionById)
                .filter(execution -> execution != null && factorAuthenticators.contains(execution.getAuthenticator())
                        && firstBrokerFlowId.equals(topFlowId(realm, execution)))
                .map(AuthenticationExecutionModel::getAuthenticator).collect(Collectors.toSet());
        if (passedFactors.isEmpty()) {
            return false;
        }
        new AcrStore(session, authSession).setLevelAuthenticated(SECOND_FACTOR_LEVEL);
        creditAmr(realm, authSession, passedFactors);
        return true;
    }

    /**
     * Keycloak's amr mapper names the methods of completed steps that carry an amr reference; the account check's steps
     * carry none, so the same factor's step of the pack's broker factors flow (which does) is marked completed now.
     */
    private static void creditAmr(RealmModel realm, AuthenticationSessionModel authSession, Set<String> passedFactors) {
        AuthenticationFlowModel brokerFactors = realm.getFlowByAlias(StepUpContract.BROKER_FACTORS_FLOW_ALIAS);
        if (brokerFactors == null) {
            return;
        }
        realm.getAuthenticationExecutionsStream(brokerFactors.getId())
                .filter(execution -> passedFactors.contains(execution.getAuthenticator()))
                .forEach(execution -> AuthenticatorUtils.updateCompletedExecutions(authSession, null, execution.getId()));
    }

    /** The first-broker-login flow of the provider this login came through (its own, else the realm's). */
    private static String firstBrokerLoginFlowId(KeycloakSession session, RealmModel realm, AuthenticationSessionModel authSession) {
        SerializedBrokeredIdentityContext context = SerializedBrokeredIdentityContext.readFromAuthenticationSession(authSession,
                PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT);
        IdentityProviderModel idp = context == null || context.getIdentityProviderId() == null ? null
                : session.identityProviders().getByAlias(context.getIdentityProviderId());
        if (idp == null) {
            return null;
        }
        if (idp.getFirstBrokerLoginFlowId() != null) {
            return idp.getFirstBrokerLoginFlowId();
        }
        AuthenticationFlowModel realmDefault = realm.getFirstBrokerLoginFlow();
        return realmDefault == null ? null : realmDefault.getId();
    }

    private static String topFlowId(RealmModel realm, AuthenticationExecutionModel execution) {
        String flowId = execution.getParentFlow();
        for (AuthenticationExecutionModel parent = realm.getAuthenticationExecutionByFlowId(flowId); parent != null;
             parent = realm.getAuthenticationExecutionByFlowId(flowId)) {
            flowId = parent.getParentFlow();
        }
        return flowId;
    }
}
