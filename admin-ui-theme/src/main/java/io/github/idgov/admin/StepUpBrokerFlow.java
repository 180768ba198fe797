package io.github.idgov.admin;

import io.github.idgov.core.StepUpContract;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.authentication.authenticators.access.AllowAccessAuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The post-broker-login flow {@value StepUpContract#BROKER_FLOW_ALIAS}: a login through an identity provider skips the
 * realm's browser forms, so without it a brokered session never reaches a level and never gets a sensitive scope. It
 * runs the browser flow's level-2 steps after the provider (and after Keycloak's first broker login):
 *
 * <pre>
 * idgov-step-up                                   REQUIRED     (sensitive scopes/client → requested level)
 * idgov broker level 1: condition level 1         CONDITIONAL
 *   allow-access-authenticator                    REQUIRED     (the provider's login is level 1)
 * idgov broker level 2: condition level 2         CONDITIONAL
 *   idgov broker second factor: user configured   CONDITIONAL  (the browser flow's {@code factors}, kept in step)
 *   idgov-step-up-enrol                           REQUIRED     (no factor: enrol or deny, as in the browser flow)
 * </pre>
 *
 * The provider's own login counts as the first factor. The step-up settings are the browser flow's: saving them copies
 * them here. Bound as the post-broker-login flow of every identity provider that has none, at setup and when a provider
 * is created; a provider with its own post-broker flow keeps it (the step-up gate still refuses sensitive scopes to its
 * sessions).
 */
final class StepUpBrokerFlow {

    static final String STEP_UP_CONFIG_ALIAS = "idgov broker step-up";
    private static final String LEVEL_ONE_ALIAS = "idgov broker level 1";
    private static final String LEVEL_TWO_ALIAS = "idgov broker level 2";
    private static final String LOA_CONDITION = "conditional-level-of-authentication";
    private static final String LOA_LEVEL = "loa-condition-level";
    private static final String LOA_MAX_AGE = "loa-max-age";

    private StepUpBrokerFlow() {
    }

    static void install(KeycloakSession session, RealmModel realm) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(StepUpContract.BROKER_FLOW_ALIAS);
        if (flow == null) {
            flow = build(realm);
            StepUpFactorsFlow.sync(session, realm); // the new factor sub-flow gets the configured factors
        }
        String flowId = flow.getId();
        inRealm(session, realm, () -> session.identityProviders().getAllStream().filter(idp -> idp.getPostBrokerLoginFlowId() == null)
                .toList().forEach(idp -> bind(session, idp, flowId)));
    }

    /** A provider created in a governed realm gets the flow unless it was created with a post-broker flow of its own. */
    static void bindNew(KeycloakSession session, RealmModel realm, String alias) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(StepUpContract.BROKER_FLOW_ALIAS);
        if (flow == null || alias == null) {
            return;
        }
        inRealm(session, realm, () -> {
            IdentityProviderModel idp = session.identityProviders().getByAlias(alias);
            if (idp != null && idp.getPostBrokerLoginFlowId() == null) {
                bind(session, idp, flow.getId());
            }
        });
    }

    static void uninstall(KeycloakSession session, RealmModel realm) {
        AuthenticationFlowModel flow = realm.getFlowByAlias(StepUpContract.BROKER_FLOW_ALIAS);
        if (flow == null) {
            return;
        }
        inRealm(session, realm, () -> session.identityProviders().getAllStream()
                .filter(idp -> flow.getId().equals(idp.getPostBrokerLoginFlowId())).toList().forEach(idp -> bind(session, idp, null)));
        KeycloakModelUtils.deepDeleteAuthenticationFlow(session, realm, flow, () -> { }, () -> { }, false);
    }

    /** The step-up step's settings follow the browser flow's (one place to edit them). */
    static void copySettings(RealmModel realm, Map<String, String> browserSettings) {
        AuthenticatorConfigModel config = realm.getAuthenticatorConfigByAlias(STEP_UP_CONFIG_ALIAS);
        if (config != null && browserSettings != null && !browserSettings.equals(config.getConfig())) {
            config.setConfig(new LinkedHashMap<>(browserSettings));
            realm.updateAuthenticatorConfig(config);
        }
    }

    /** Keycloak's identity-provider store works on the context's realm; setup also runs at start-up and on import. */
    private static void inRealm(KeycloakSession session, RealmModel realm, Runnable job) {
        RealmModel previous = session.getContext().getRealm();
        if (previous != null && previous.getId().equals(realm.getId())) {
            job.run();
            return;
        }
        session.getContext().setRealm(realm);
        try {
            job.run();
        } finally {
            session.getContext().setRealm(previous);
        }
    }

    private static void bind(KeycloakSession session, IdentityProviderModel idp, String flowId) {
        idp.setPostBrokerLoginFlowId(flowId);
        session.identityProviders().update(idp);
    }

    private static AuthenticationFlowModel build(RealmModel realm) {
        AuthenticationFlowModel top = StepUpBrowserFlow.flow(realm, StepUpContract.BROKER_FLOW_ALIAS, true,
                "Step-up after a login through an identity provider (installed by the identity governance pack)");
        AuthenticationFlowModel browser = realm.getFlowByAlias(StepUpContract.STEP_UP_FLOW_ALIAS);
        Map<String, String> settings = Optional.ofNullable(browser).flatMap(flow -> StepUpFactorsFlow.stepUpConfig(realm, flow))
                .map(AuthenticatorConfigModel::getConfig).orElse(StepUpBrowserFlow.defaultStepUpSettings());
        StepUpBrowserFlow.execution(realm, top, StepUpContract.STEP_UP_AUTHENTICATOR_ID, Requirement.REQUIRED, 10,
                StepUpBrowserFlow.config(realm, STEP_UP_CONFIG_ALIAS, settings));

        // the provider's login is level 1: without it Keycloak's level conditions would ask every brokered login for level 2
        AuthenticationFlowModel one = StepUpBrowserFlow.subflow(realm, top, LEVEL_ONE_ALIAS, Requirement.CONDITIONAL, 20);
        StepUpBrowserFlow.execution(realm, one, LOA_CONDITION, Requirement.REQUIRED, 10, StepUpBrowserFlow.config(realm, LEVEL_ONE_ALIAS,
                Map.of(LOA_LEVEL, "1", LOA_MAX_AGE, String.valueOf(StepUpBrowserFlow.LEVEL_ONE_MAX_AGE))));
        StepUpBrowserFlow.execution(realm, one, AllowAccessAuthenticatorFactory.PROVIDER_ID, Requirement.REQUIRED, 20, null);

        AuthenticationFlowModel two = StepUpBrowserFlow.subflow(realm, top, LEVEL_TWO_ALIAS, Requirement.CONDITIONAL, 30);
        StepUpBrowserFlow.execution(realm, two, LOA_CONDITION, Requirement.REQUIRED, 10, StepUpBrowserFlow.config(realm, LEVEL_TWO_ALIAS,
                Map.of(LOA_LEVEL, "2", LOA_MAX_AGE, String.valueOf(StepUpBrowserFlow.DEFAULT_MAX_AGE))));
        StepUpFactorsFlow.attach(realm, two, 20, StepUpContract.BROKER_FACTORS_FLOW_ALIAS);
        StepUpBrowserFlow.execution(realm, two, StepUpContract.STEP_UP_ENROL_AUTHENTICATOR_ID, Requirement.REQUIRED, 30, null);
        return top;
    }
}
