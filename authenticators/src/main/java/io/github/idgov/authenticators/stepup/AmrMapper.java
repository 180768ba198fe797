package io.github.idgov.authenticators.stepup;

import io.github.idgov.core.AmrReferences;
import io.github.idgov.core.StepUpContract;
import java.util.List;
import java.util.Map;
import org.keycloak.authentication.authenticators.util.AuthenticatorUtils;
import org.keycloak.common.util.Time;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.mappers.AmrProtocolMapper;

/**
 * Keycloak's "Authentication Method Reference (AMR)" mapper with the same claim and configuration, whose step lookup
 * does not throw: Keycloak 26.7 finds each login step without an authenticator config through a caught
 * NullPointerException, on every token, refresh and exchange (7 % of a delegated exchange's CPU in a profile).
 * The governance client scope carries this one.
 */
public final class AmrMapper extends AmrProtocolMapper {

    @Override
    public String getId() {
        return StepUpContract.AMR_MAPPER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Authentication Method Reference (amr, governance)";
    }

    @Override
    public String getHelpText() {
        return "Adds the 'amr' claim as Keycloak's AMR mapper does (the reference values of the login's steps, within "
                + "their max age), without its cost per step.";
    }

    @Override
    protected List<String> getAmr(AuthenticatedClientSessionModel clientSession, RealmModel realm) {
        String note = clientSession.getUserSession().getNote(Constants.AUTHENTICATORS_COMPLETED);
        if (note == null) {
            // no interactive login behind this session (client credentials): nothing completed, no JSON to parse
            return List.of();
        }
        Map<String, Integer> completed = AuthenticatorUtils.parseCompletedExecutions(note);
        return AmrReferences.of(completed, executionId -> referenceConfig(realm, executionId), Time.currentTime());
    }

    private static Map<String, String> referenceConfig(RealmModel realm, String executionId) {
        AuthenticationExecutionModel execution = realm.getAuthenticationExecutionById(executionId);
        if (execution == null || execution.getAuthenticatorConfig() == null) {
            return null;
        }
        AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
        return config == null ? null : config.getConfig();
    }
}
