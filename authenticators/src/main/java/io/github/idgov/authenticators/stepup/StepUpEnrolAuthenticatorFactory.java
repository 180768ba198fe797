package io.github.idgov.authenticators.stepup;

import io.github.idgov.authenticators.GovernanceAuthenticatorFactory;
import io.github.idgov.core.StepUpContract;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;

/** Authenticator {@code idgov-step-up-enrol}: enrols or refuses a user without any configured second factor. */
public final class StepUpEnrolAuthenticatorFactory implements GovernanceAuthenticatorFactory {

    @Override
    public Authenticator create(KeycloakSession session) {
        return new StepUpEnrolAuthenticator();
    }

    @Override
    public String getId() {
        return StepUpContract.STEP_UP_ENROL_AUTHENTICATOR_ID;
    }

    @Override
    public String getDisplayType() {
        return "Step-up: enrol or refuse a user without a second factor (identity governance)";
    }

    @Override
    public String getHelpText() {
        return "After the second-factor alternatives: a user with none of the factors of the step-up authenticator's '"
                + StepUpContract.CONFIG_FACTORS + "' setting gets the first enrollable one as a required action, or is refused ("
                + StepUpContract.CONFIG_NO_FACTOR + "=" + StepUpContract.NO_FACTOR_DENY + ").";
    }
}
