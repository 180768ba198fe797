package io.github.idgov.authenticators.segmentation;

import io.github.idgov.authenticators.lifecycle.TokenSubjects;
import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.Decision;
import io.github.idgov.core.Environment;
import io.github.idgov.core.GovernanceAttribute;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.segmentation.EnvironmentTags;
import io.github.idgov.core.segmentation.SegmentTarget;
import io.github.idgov.core.segmentation.Segmentation;
import io.github.idgov.core.segmentation.SegmentationContract;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Environment segmentation at token time: a principal whose {@code identity_environment} differs from the
 * environment of the token's client, of a client in its audience or of a scope it carries gets no token (enforce)
 * or a would-deny decision (monitor). Each refusal is a decision (policy {@value SegmentationContract#POLICY}) in
 * its own transaction, since the refused request rolls back.
 */
final class EnvironmentGate implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;

    EnvironmentGate(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return;
        }
        TokenRequests.Request request = TokenRequests.of(session, realm, context);
        if (request == null || request.targets().stream().noneMatch(SegmentTarget::tagged)) {
            return; // the common case: nothing tagged, nothing to decide
        }
        boolean strict = EnvironmentTags.strict(realm.getAttribute(SegmentationContract.STRICT_REALM_ATTRIBUTE));
        for (TokenRequests.Principal principal : request.principals()) {
            List<Segmentation.Crossing> crossings = Segmentation.crossings(environment(principal.user()), strict, request.targets());
            if (crossings.isEmpty()) {
                continue;
            }
            String reasons = crossings.stream().map(Segmentation.Crossing::reason).collect(Collectors.joining("; "));
            String description = principal.user().getUsername() + ": " + reasons + " (grant " + request.grant() + ")";
            DetachedDecisions.record(session, realm, new Decision(principal.user().getUsername(), SegmentationContract.POLICY,
                    Decision.denialIn(mode), description));
            if (mode == GovernanceMode.ENFORCE) {
                throw refusal(principal, crossings.get(0).target(), request.grant(), description);
            }
        }
    }

    private static Optional<Environment> environment(UserModel user) {
        String raw = user.getFirstAttribute(GovernanceAttribute.ENVIRONMENT.attributeName());
        return AttributeValue.parse(Environment.class, raw);
    }

    /**
     * The error that names what was refused: a scope → invalid_scope; an audience asked in an exchange →
     * invalid_target; otherwise the client itself is refused (invalid_client) or the user (access_denied).
     */
    private static ClientPolicyException refusal(TokenRequests.Principal principal, SegmentTarget target, String grant, String description) {
        if (target.kind() == SegmentTarget.Kind.SCOPE) {
            return new ClientPolicyException(OAuthErrorException.INVALID_SCOPE, description, Response.Status.BAD_REQUEST);
        }
        if (target.kind() == SegmentTarget.Kind.AUDIENCE && "token_exchange".equals(grant)) {
            return new ClientPolicyException(OAuthErrorException.INVALID_TARGET, description, Response.Status.BAD_REQUEST);
        }
        return principal.role() == TokenSubjects.Role.CLIENT
                ? new ClientPolicyException(OAuthErrorException.INVALID_CLIENT, description, Response.Status.UNAUTHORIZED)
                : new ClientPolicyException(OAuthErrorException.ACCESS_DENIED, description, Response.Status.BAD_REQUEST);
    }

    @Override
    public String getProviderId() {
        return SegmentationContract.ENVIRONMENT_GATE_ID;
    }
}
