package io.github.idgov.authenticators.stepup;

import io.github.idgov.authenticators.GovernanceAuthenticatorFactory;
import io.github.idgov.core.StepUpConfigRules;
import io.github.idgov.core.StepUpContract;
import io.github.idgov.core.StepUpFactor;
import java.util.List;
import org.keycloak.authentication.AuthenticationFlowCallbackFactory;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/** Authenticator {@code idgov-step-up}: the first step of the pack's step-up browser flow; a flow callback, to record its decision with the user. */
public final class StepUpAuthenticatorFactory implements GovernanceAuthenticatorFactory, AuthenticationFlowCallbackFactory {

    @Override
    public Authenticator create(KeycloakSession session) {
        return new StepUpAuthenticator(session);
    }

    @Override
    public String getId() {
        return StepUpContract.STEP_UP_AUTHENTICATOR_ID;
    }

    @Override
    public String getDisplayType() {
        return "Step-up for sensitive scopes (identity governance)";
    }

    @Override
    public boolean isConfigurable() {
        return true;
    }

    @Override
    public String getHelpText() {
        return "Raises the requested level of authentication when the login asks for a sensitive client scope (attribute "
                + StepUpContract.LEVEL_ATTRIBUTE + ", or listed here) or a sensitive client, and forgets a second factor older "
                + "than the scope's max age, so the level conditions that follow ask for it again.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(StepUpSettings.SENSITIVE_SCOPES).label("Sensitive scopes").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
                .helpText("Client scopes that need the level below within the max age, in addition to scopes carrying "
                        + StepUpContract.LEVEL_ATTRIBUTE + ". Each must be a client scope of the realm.").add()
                .property().name(StepUpSettings.LEVEL).label("Level").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(StepUpSettings.DEFAULT_LEVEL))
                .helpText("Level of authentication (acr) the scopes listed here need; a whole number, at least 1.").add()
                .property().name(StepUpSettings.MAX_AGE).label("Max age (seconds)").type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(String.valueOf(StepUpRequirement.DEFAULT_MAX_AGE_SECONDS))
                .helpText("How long a second factor counts for the scopes listed here; 0 asks every time.").add()
                .property().name(StepUpSettings.FACTORS).label("Second factors").type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE)
                .options(java.util.Arrays.stream(StepUpFactor.values()).map(StepUpFactor::value).toList())
                .defaultValue(String.join(StepUpConfigRules.MULTIVALUE_DELIMITER,
                        StepUpConfigRules.DEFAULT_FACTORS.stream().map(StepUpFactor::value).toList()))
                .helpText("The second factors the step-up offers, in this order (the first one a user has is asked, the "
                        + "others behind 'Try another way'): " + StepUpFactor.allowed() + ". recovery-codes is a fallback "
                        + "and needs another factor with it. Saving this setting updates the flow's '"
                        + StepUpContract.FACTORS_FLOW_ALIAS + "' sub-flow.").add()
                .property().name(StepUpSettings.NO_FACTOR).label("User without a factor").type(ProviderConfigProperty.LIST_TYPE)
                .options(StepUpContract.NO_FACTOR_ENROL, StepUpContract.NO_FACTOR_DENY).defaultValue(StepUpContract.NO_FACTOR_ENROL)
                .helpText("enroll: the first factor above whose required action is enabled is enrolled during the login; "
                        + "deny: the login is refused.").add()
                .build();
    }
}
