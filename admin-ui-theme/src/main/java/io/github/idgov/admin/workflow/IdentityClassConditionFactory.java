package io.github.idgov.admin.workflow;

import io.github.idgov.core.GovernanceContract;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.workflow.WorkflowConditionProviderFactory;

/**
 * Keycloak Workflows condition {@value GovernanceContract#WORKFLOW_CONDITION_ID}, e.g.
 * {@code if: idgov-has-identity-class(human)}. Keycloak creates it with the text between the parentheses, also when
 * it validates a new workflow, so a bad argument fails the create request with HTTP 400 and the allowed classes.
 */
public final class IdentityClassConditionFactory implements WorkflowConditionProviderFactory<IdentityClassCondition> {

    @Override
    public IdentityClassCondition create(KeycloakSession session, String argument) {
        return new IdentityClassCondition(session, IdentityClassArgument.parse(argument));
    }

    @Override
    public String getId() {
        return GovernanceContract.WORKFLOW_CONDITION_ID;
    }
}
