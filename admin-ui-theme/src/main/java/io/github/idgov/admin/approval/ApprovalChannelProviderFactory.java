package io.github.idgov.admin.approval;

import io.github.idgov.core.Decision;
import io.github.idgov.core.delegation.ApprovalBinding;
import io.github.idgov.core.delegation.ApprovalContract;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.StatelessProviderFactory;
import java.util.Map;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProvider;
import org.keycloak.protocol.oidc.grants.ciba.channel.AuthenticationChannelProviderFactory;
import org.keycloak.protocol.oidc.grants.ciba.channel.CIBAAuthenticationRequest;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

/**
 * CIBA authentication channel {@value ApprovalContract#CHANNEL_PROVIDER_ID}: instead of calling an external device, it
 * records the request as a pending approval (database, so every node sees it) that the person decides on the pack's
 * approval page. Chosen with {@code --spi-ciba-auth-channel--provider=idgov-approval}.
 */
public final class ApprovalChannelProviderFactory implements AuthenticationChannelProviderFactory, ServerInfoAwareProviderFactory,
        StatelessProviderFactory<AuthenticationChannelProvider> {

    @Override
    public AuthenticationChannelProvider create(KeycloakSession session) {
        return new Channel(session);
    }

    @Override
    public String getId() {
        return ApprovalContract.CHANNEL_PROVIDER_ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("store", "database table IDGOV_AGENT_APPROVAL", "page", "/realms/{realm}/" + ApprovalContract.PAGE_PROVIDER_ID + "/");
    }

    private static final class Channel implements AuthenticationChannelProvider {

        private final KeycloakSession session;

        Channel(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public boolean requestAuthentication(CIBAAuthenticationRequest request, String infoUsedByAuthenticator) {
            RealmModel realm = session.getContext().getRealm();
            ClientModel client = request.getClient();
            UserModel user = request.getUser() != null ? request.getUser() : session.users().getUserById(realm, request.getSubject());
            UserModel agent = session.users().getServiceAccount(client);
            String sponsor = agent == null ? null : PrincipalResolver.resolve(realm, agent).sponsor();
            ApprovalBinding binding = new ApprovalBinding(client.getClientId(), user.getId(),
                    ApprovalBinding.scopes(request.getScope()), request.getBindingMessage());
            long now = Time.currentTime();
            long expiresAt = request.getExp() == null ? now : request.getExp();
            ApprovalEntity approval = new ApprovalStore(session, realm).create(request.getAuthResultId(),
                    agent == null ? client.getId() : agent.getId(), binding, user.getUsername(), sponsor, now, expiresAt);
            DecisionLog.record(session, realm, new Decision(ApprovalPrincipal.of(session, realm, client), ApprovalContract.POLICY_APPROVAL,
                    Decision.Result.STEP_UP, "approval " + approval.id + " requested from " + user.getUsername()
                    + (sponsor == null ? "" : " (sponsor " + sponsor + ")") + " for scope '" + binding.scopeParameter()
                    + "', binding_message '" + binding.bindingMessage() + "', expires at " + expiresAt
                    + " [grant ciba, client " + client.getClientId() + "]"));
            return true;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
