package io.github.idgov.admin;

import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.StepUpConfigRules;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.StepUpFactor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.DefaultAuthenticationFlows;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.protocol.oidc.mappers.AmrProtocolMapper;

/**
 * The browser flow {@value StepUpContract#STEP_UP_FLOW_ALIAS} the pack installs into a governed realm, built on
 * Keycloak's level-of-authentication conditions:
 *
 * <pre>
 * idgov-step-up                                   REQUIRED  (sensitive scopes/clients → requested level; stale level forgotten)
 * sign-in                                         REQUIRED
 *   auth-cookie                                   ALTERNATIVE
 *   identity-provider-redirector                  ALTERNATIVE
 *   forms                                         ALTERNATIVE
 *     level 1: condition level 1 → username + password       CONDITIONAL
 *     level 2: condition level 2                           CONDITIONAL
 *       idgov second factor: condition user configured      CONDITIONAL
 *         OTP | WebAuthn | passkey | recovery codes         ALTERNATIVE (the {@code factors} setting; others DISABLED)
 *       idgov-step-up-enrol                                 REQUIRED  (no factor: enrol the first one, or deny)
 * idgov-machine-login-block                       REQUIRED  (machines stop here)
 * </pre>
 *
 * It becomes the realm's browser flow only where the realm still uses Keycloak's built-in {@code browser} flow; a
 * realm with its own flow keeps it (the token-time gates enforce step-up and keep machines out either way).
 * The password and factor steps carry AMR references ({@code pwd}; {@code otp}, {@code hwk}, {@code pop}) and the governance client scope an
 * AMR mapper, so tokens carry {@code acr}, {@code auth_time} and {@code amr}.
 */
final class StepUpBrowserFlow {

    static final int LEVEL_ONE_MAX_AGE = 36000;
    static final int DEFAULT_MAX_AGE = StepUpContract.DEFAULT_MAX_AGE_SECONDS;
    private static final String AMR_MAPPER_NAME = "amr";
    private static final String LEVEL_TWO_ALIAS = "idgov level 2";

    private StepUpBrowserFlow() {
    }

    static void install(KeycloakSession session, RealmModel realm) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(StepUpContract.STEP_UP_FLOW_ALIAS);
        if (flow == null) {
            flow = build(realm);
        } else {
            upgrade(realm);
        }
        StepUpFactorsFlow.sync(session, realm);
        AuthenticationFlowModel bound = realm.getBrowserFlow();
        if (bound == null || DefaultAuthenticationFlows.BROWSER_FLOW.equals(bound.getAlias())) {
            realm.setBrowserFlow(flow);
        }
        addAmrMapper(realm);
    }

    static void uninstall(KeycloakSession session, RealmModel realm) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(StepUpContract.STEP_UP_FLOW_ALIAS);
        if (flow == null) {
            return;
        }
        AuthenticationFlowModel bound = realm.getBrowserFlow();
        if (bound != null && bound.getId().equals(flow.getId())) {
            realm.setBrowserFlow(realm.getFlowByAlias(DefaultAuthenticationFlows.BROWSER_FLOW));
        }
        boolean overridden = realm.getClientsStream().anyMatch(client -> client.getAuthenticationFlowBindingOverrides()
                .containsValue(flow.getId()));
        if (overridden) {
            return; // a client still uses it: keep it rather than break that client's login
        }
        KeycloakModelUtils.deepDeleteAuthenticationFlow(session, realm, flow, () -> { }, () -> { }, false);
    }

    private static AuthenticationFlowModel build(RealmModel realm) {
        AuthenticationFlowModel top = flow(realm, StepUpContract.STEP_UP_FLOW_ALIAS, true,
                "Browser login with step-up for sensitive scopes, machines kept out (installed by the identity governance pack)");
        AuthenticatorConfigModel stepUp = config(realm, "idgov step-up", defaultStepUpSettings());
        execution(realm, top, StepUpContract.STEP_UP_AUTHENTICATOR_ID, Requirement.REQUIRED, 10, stepUp);

        AuthenticationFlowModel signIn = subflow(realm, top, "idgov sign-in", Requirement.REQUIRED, 20);
        execution(realm, signIn, "auth-cookie", Requirement.ALTERNATIVE, 10, null);
        execution(realm, signIn, "identity-provider-redirector", Requirement.ALTERNATIVE, 20, null);
        AuthenticationFlowModel forms = subflow(realm, signIn, "idgov forms", Requirement.ALTERNATIVE, 30);

        AuthenticationFlowModel one = subflow(realm, forms, "idgov level 1", Requirement.CONDITIONAL, 10);
        execution(realm, one, "conditional-level-of-authentication", Requirement.REQUIRED, 10,
                config(realm, "idgov level 1", Map.of("loa-condition-level", "1", "loa-max-age", String.valueOf(LEVEL_ONE_MAX_AGE))));
        execution(realm, one, "auth-username-password-form", Requirement.REQUIRED, 20,
                config(realm, "idgov amr pwd", amr("pwd", LEVEL_ONE_MAX_AGE)));

        AuthenticationFlowModel two = subflow(realm, forms, LEVEL_TWO_ALIAS, Requirement.CONDITIONAL, 20);
        execution(realm, two, "conditional-level-of-authentication", Requirement.REQUIRED, 10,
                config(realm, "idgov level 2", Map.of("loa-condition-level", "2", "loa-max-age", String.valueOf(DEFAULT_MAX_AGE))));
        addFactorSteps(realm, two);

        execution(realm, top, StepUpContract.MACHINE_LOGIN_AUTHENTICATOR_ID, Requirement.REQUIRED, 30, null);
        return top;
    }

    /** The step-up step's settings as installed. */
    static Map<String, String> defaultStepUpSettings() {
        return Map.of(StepUpContract.CONFIG_LEVEL, String.valueOf(StepUpContract.DEFAULT_LEVEL),
                StepUpContract.CONFIG_MAX_AGE, String.valueOf(DEFAULT_MAX_AGE),
                StepUpContract.CONFIG_FACTORS, String.join(StepUpConfigRules.MULTIVALUE_DELIMITER,
                        StepUpConfigRules.DEFAULT_FACTORS.stream().map(StepUpFactor::value).toList()),
                StepUpContract.CONFIG_NO_FACTOR, StepUpContract.NO_FACTOR_ENROL);
    }

    private static void addFactorSteps(RealmModel realm, AuthenticationFlowModel levelTwo) {
        StepUpFactorsFlow.attach(realm, levelTwo, 20, StepUpContract.FACTORS_FLOW_ALIAS);
        execution(realm, levelTwo, StepUpContract.STEP_UP_ENROL_AUTHENTICATOR_ID, Requirement.REQUIRED, 30, null);
    }

    /** A flow installed by setup version 7 or older asks OTP alone at level 2: its OTP step becomes the factor steps. */
    private static void upgrade(RealmModel realm) {
        AuthenticationFlowModel two = realm.getFlowByAlias(LEVEL_TWO_ALIAS);
        if (two == null || realm.getAuthenticationExecutionsStream(two.getId())
                .anyMatch(e -> StepUpContract.STEP_UP_ENROL_AUTHENTICATOR_ID.equals(e.getAuthenticator()))) {
            return;
        }
        realm.getAuthenticationExecutionsStream(two.getId()).filter(e -> "auth-otp-form".equals(e.getAuthenticator())).toList()
                .forEach(realm::removeAuthenticatorExecution);
        addFactorSteps(realm, two);
    }

    static Map<String, String> amr(String reference, int maxAge) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(Constants.AUTHENTICATION_EXECUTION_REFERENCE_VALUE, reference);
        config.put(Constants.AUTHENTICATION_EXECUTION_REFERENCE_MAX_AGE, String.valueOf(maxAge));
        return config;
    }

    static AuthenticationFlowModel flow(RealmModel realm, String alias, boolean topLevel, String description) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setAlias(alias);
        flow.setDescription(description);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        return realm.addAuthenticationFlow(flow);
    }

    static AuthenticationFlowModel subflow(RealmModel realm, AuthenticationFlowModel parent, String alias,
                                                   Requirement requirement, int priority) {
        AuthenticationFlowModel flow = flow(realm, alias, false, alias);
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setFlowId(flow.getId());
        execution.setAuthenticatorFlow(true);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        realm.addAuthenticatorExecution(execution);
        return flow;
    }

    static void execution(RealmModel realm, AuthenticationFlowModel parent, String authenticator, Requirement requirement,
                                  int priority, AuthenticatorConfigModel config) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setParentFlow(parent.getId());
        execution.setAuthenticator(authenticator);
        execution.setAuthenticatorFlow(false);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        if (config != null) {
            execution.setAuthenticatorConfig(config.getId());
        }
        realm.addAuthenticatorExecution(execution);
    }

    static AuthenticatorConfigModel config(RealmModel realm, String alias, Map<String, String> values) {
        AuthenticatorConfigModel config = new AuthenticatorConfigModel();
        config.setAlias(alias);
        config.setConfig(new LinkedHashMap<>(values));
        return realm.addAuthenticatorConfig(config);
    }

    /**
     * The pack's AMR mapper (Keycloak's, without an exception per login step) in the governance scope; a realm set up
     * by an older pack has Keycloak's own under the same name, which this replaces.
     */
    private static void addAmrMapper(RealmModel realm) {
        realm.getClientScopesStream().filter(scope -> GovernanceContract.CLIENT_SCOPE_NAME.equals(scope.getName())).findFirst()
                .ifPresent(scope -> {
                    scope.getProtocolMappersStream().filter(m -> AMR_MAPPER_NAME.equals(m.getName())
                                    && AmrProtocolMapper.PROVIDER_ID.equals(m.getProtocolMapper())).toList()
                            .forEach(scope::removeProtocolMapper);
                    if (scope.getProtocolMappersStream().noneMatch(m -> StepUpContract.AMR_MAPPER_ID.equals(m.getProtocolMapper()))) {
                        ProtocolMapperModel amr = AmrProtocolMapper.create(AMR_MAPPER_NAME, true, true);
                        amr.setProtocolMapper(StepUpContract.AMR_MAPPER_ID);
                        scope.addProtocolMapper(amr);
                    }
                });
    }
}
