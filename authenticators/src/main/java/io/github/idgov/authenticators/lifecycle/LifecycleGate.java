package io.github.idgov.authenticators.lifecycle;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.LifecycleFinding;
import io.github.idgov.core.LifecyclePolicy;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.LifecycleInspector;
import io.github.idgov.core.keycloak.RealmGovernance;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Refuses a token to a principal that breaks a lifecycle rule (enforce), or records a would-deny (monitor). Each
 * finding is one decision through {@code DecisionLog}, recorded in its own transaction because a refused request
 * rolls back; Keycloak sends the error event ({@code *_ERROR} with {@code client_policy_error_detail}) itself.
 */
final class LifecycleGate implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;
    private final LifecyclePolicy policy;
    private final Clock clock;

    LifecycleGate(KeycloakSession session, LifecyclePolicy policy, Clock clock) {
        this.session = session;
        this.policy = policy;
        this.clock = clock;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return;
        }
        for (TokenSubjects.Subject subject : TokenSubjects.of(session, realm, context)) {
            List<LifecycleFinding> findings = LifecycleInspector.inspectForToken(session, realm, subject.user(), policy, clock.instant());
            if (findings.isEmpty()) {
                continue;
            }
            Decision.Result result = Decision.denialIn(mode);
            for (LifecycleFinding finding : findings) {
                DetachedDecisions.record(session, realm, new Decision(finding.principal(), finding.policy(), result,
                        finding.describe() + " [grant " + subject.grant() + ", client " + clientId() + "]"));
            }
            if (mode == GovernanceMode.ENFORCE) {
                throw refusal(subject, findings);
            }
        }
    }

    private String clientId() {
        var client = session.getContext().getClient();
        return client == null ? "-" : client.getClientId();
    }

    /** access_denied for a user's token; invalid_client when the client itself is the principal. */
    private static ClientPolicyException refusal(TokenSubjects.Subject subject, List<LifecycleFinding> findings) {
        String description = findings.stream().map(LifecycleFinding::describe).collect(Collectors.joining(" "));
        return subject.role() == TokenSubjects.Role.CLIENT
                ? new ClientPolicyException(OAuthErrorException.INVALID_CLIENT, description, Response.Status.UNAUTHORIZED)
                : new ClientPolicyException(OAuthErrorException.ACCESS_DENIED, description, Response.Status.BAD_REQUEST);
    }

    @Override
    public String getProviderId() {
        return LifecycleGateFactory.ID;
    }
}
