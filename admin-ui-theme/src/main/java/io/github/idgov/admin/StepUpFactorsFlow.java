package io.github.idgov.admin;

import io.github.idgov.core.StepUpConfigRules;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.StepUpFactor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The {@value StepUpContract#FACTORS_FLOW_ALIAS} sub-flow of the step-up flow (and its copy
 * {@value StepUpContract#BROKER_FACTORS_FLOW_ALIAS} in the post-broker-login flow) follows the step-up authenticator's
 * {@value StepUpContract#CONFIG_FACTORS} setting: one ALTERNATIVE per configured factor, in the configured order, each
 * carrying its RFC 8176 {@code amr} reference; the other factors DISABLED. Applied when the flow is installed and each
 * time an administrator saves an authenticator configuration of the realm.
 */
final class StepUpFactorsFlow {

    private static final int FIRST_PRIORITY = 20;
    private static final String AMR_PREFIX = "idgov amr ";
    private static final String BROKER_AMR_PREFIX = "idgov broker amr ";

    private StepUpFactorsFlow() {
    }

    static void sync(KeycloakSession session, RealmModel realm) {
        AuthenticationFlowModel top = realm.getFlowByAlias(StepUpContract.STEP_UP_FLOW_ALIAS);
        if (top == null) {
            return;
        }
        Optional<AuthenticatorConfigModel> settings = stepUpConfig(realm, top);
        List<StepUpFactor> configured = StepUpConfigRules.factors(settings.map(c -> c.getConfig().get(StepUpContract.CONFIG_FACTORS))
                .orElse(null));
        sync(session, realm, realm.getFlowByAlias(StepUpContract.FACTORS_FLOW_ALIAS), configured, AMR_PREFIX);
        sync(session, realm, realm.getFlowByAlias(StepUpContract.BROKER_FACTORS_FLOW_ALIAS), configured, BROKER_AMR_PREFIX);
        settings.ifPresent(config -> StepUpBrokerFlow.copySettings(realm, config.getConfig()));
    }

    private static void sync(KeycloakSession session, RealmModel realm, AuthenticationFlowModel factorsFlow, List<StepUpFactor> configured,
                             String amrPrefix) {
        if (factorsFlow == null) {
            return;
        }
        Map<StepUpFactor, AuthenticationExecutionModel> present = new LinkedHashMap<>();
        realm.getAuthenticationExecutionsStream(factorsFlow.getId()).forEach(e -> StepUpFactor.byAuthenticator(e.getAuthenticator())
                .ifPresent(f -> present.put(f, e)));
        int priority = FIRST_PRIORITY;
        for (StepUpFactor factor : configured) {
            boolean available = session.getKeycloakSessionFactory().getProviderFactory(Authenticator.class, factor.authenticatorId()) != null;
            AuthenticationExecutionModel execution = present.remove(factor);
            if (execution == null && available) {
                add(realm, factorsFlow, factor, priority, amrPrefix);
            } else if (execution != null) {
                update(realm, execution, available ? Requirement.ALTERNATIVE : Requirement.DISABLED, priority);
            }
            priority += 10;
        }
        for (AuthenticationExecutionModel unused : present.values()) {
            update(realm, unused, Requirement.DISABLED, priority);
            priority += 10;
        }
    }

    /**
     * The step-up flow's sub-flow for the factors under {@code parent}: the existing one of that alias (left without a
     * parent by an administrator's edit) or a new one with its condition only; {@link #sync} adds the factors.
     */
    static void attach(RealmModel realm, AuthenticationFlowModel parent, int priority, String alias) {
        AuthenticationFlowModel existing = realm.getFlowByAlias(alias);
        AuthenticationFlowModel flow = existing != null ? existing : createEmpty(realm, alias);
        AuthenticationExecutionModel sub = new AuthenticationExecutionModel();
        sub.setParentFlow(parent.getId());
        sub.setFlowId(flow.getId());
        sub.setAuthenticatorFlow(true);
        sub.setRequirement(Requirement.CONDITIONAL);
        sub.setPriority(priority);
        realm.addAuthenticatorExecution(sub);
    }

    private static AuthenticationFlowModel createEmpty(RealmModel realm, String alias) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(alias);
        flow.setDescription("One alternative per second factor of the step-up's '" + StepUpContract.CONFIG_FACTORS + "' setting");
        flow.setProviderId("basic-flow");
        flow.setTopLevel(false);
        flow.setBuiltIn(false);
        flow = realm.addAuthenticationFlow(flow);
        AuthenticationExecutionModel condition = new AuthenticationExecutionModel();
        condition.setParentFlow(flow.getId());
        condition.setAuthenticator("conditional-user-configured");
        condition.setAuthenticatorFlow(false);
        condition.setRequirement(Requirement.REQUIRED);
        condition.setPriority(10);
        realm.addAuthenticatorExecution(condition);
        return flow;
    }

    /** The settings of the step-up step of flow {@code top}, if it has any. */
    static Optional<AuthenticatorConfigModel> stepUpConfig(RealmModel realm, AuthenticationFlowModel top) {
        return realm.getAuthenticationExecutionsStream(top.getId())
                .filter(e -> StepUpContract.STEP_UP_AUTHENTICATOR_ID.equals(e.getAuthenticator()) && e.getAuthenticatorConfig() != null)
                .findFirst().map(e -> realm.getAuthenticatorConfigById(e.getAuthenticatorConfig()));
    }

    /** Each factor flow has its own amr configurations: deleting one flow deletes its configurations. */
    private static void add(RealmModel realm, AuthenticationFlowModel flow, StepUpFactor factor, int priority, String amrPrefix) {
        AuthenticatorConfigModel config = realm.getAuthenticatorConfigByAlias(amrPrefix + factor.value());
        if (config == null) {
            config = new AuthenticatorConfigModel();
            config.setAlias(amrPrefix + factor.value());
            Map<String, String> values = new LinkedHashMap<>();
            values.put(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE, factor.amr());
            values.put(Constants.AUTHENTICATION_EXECUTION_REFERENCE_MAX_AGE, String.valueOf(StepUpContract.DEFAULT_MAX_AGE_SECONDS));
            config.setConfig(values);
            config = realm.addAuthenticatorConfig(config);
        }
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(flow.getId());
        execution.setAuthenticator(factor.authenticatorId());
        execution.setAuthenticatorFlow(false);
        execution.setRequirement(Requirement.ALTERNATIVE);
        execution.setPriority(priority);
        execution.setAuthenticatorConfig(config.getId());
        realm.addAuthenticatorExecution(execution);
    }

    private static void update(RealmModel realm, AuthenticationExecutionModel execution, Requirement requirement, int priority) {
        if (execution.getRequirement() != requirement || execution.getPriority() != priority) {
            execution.setRequirement(requirement);
            execution.setPriority(priority);
            realm.updateAuthenticatorExecution(execution);
        }
    }
}
