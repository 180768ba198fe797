package io.github.idgov.authenticators.credentials;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;
import io.github.idgov.core.credentials.CredentialContract;
import io.github.idgov.core.credentials.CredentialFinding;
import io.github.idgov.core.credentials.CredentialPolicy;
import io.github.idgov.core.credentials.CredentialSubject;
import io.github.idgov.core.credentials.SecretAge;
import io.github.idgov.core.keycloak.ClientCredentialSnapshot;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.keycloak.ServiceAccounts;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.context.ClientCRUDContext;
import org.keycloak.services.clientpolicy.context.ClientSecretRotationContext;
import org.keycloak.services.clientpolicy.context.ServiceAccountTokenResponseContext;
import org.keycloak.services.clientpolicy.context.TokenExchangeRequestContext;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Applies the realm's credential policy to a client: its configured authentication method when the client is
 * registered or updated, and its method and secret age when it authenticates for a token (Keycloak authenticates a
 * client only with its configured authenticator, so the configured method is the one used). A client is governed
 * through its service-account user's class and risk tier; a client without a service account is no principal.
 */
final class CredentialPolicyGate implements ClientPolicyExecutorProvider<CredentialPolicyConfiguration> {

    /** A client saved (registered, updated, its secret rotated: UPDATED) and a token issued, one event per grant. */
    static final Set<ClientPolicyEvent> EVENTS = Set.of(ClientPolicyEvent.REGISTER, ClientPolicyEvent.UPDATE,
            ClientPolicyEvent.UPDATED, ClientPolicyEvent.SERVICE_ACCOUNT_TOKEN_RESPONSE, ClientPolicyEvent.TOKEN_RESPONSE,
            ClientPolicyEvent.TOKEN_REFRESH_RESPONSE, ClientPolicyEvent.RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE,
            ClientPolicyEvent.DEVICE_TOKEN_RESPONSE, ClientPolicyEvent.BACKCHANNEL_TOKEN_RESPONSE,
            ClientPolicyEvent.TOKEN_EXCHANGE_REQUEST);

    private final KeycloakSession session;
    private final ParsedPolicies policies;
    private final Clock clock;
    private CredentialPolicy policy = CredentialPolicy.defaults();

    CredentialPolicyGate(KeycloakSession session, ParsedPolicies policies, Clock clock) {
        this.session = session;
        this.policies = policies;
        this.clock = clock;
    }

    @Override
    public Class<CredentialPolicyConfiguration> getExecutorConfigurationClass() {
        return CredentialPolicyConfiguration.class;
    }

    @Override
    public void setupConfiguration(CredentialPolicyConfiguration config) {
        policy = config == null ? CredentialPolicy.defaults() : policies.of(config.getConfigAsMap(), stored -> config.policy());
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null) {
            return;
        }
        if (context instanceof ClientSecretRotationContext rotation && rotation.getTargetClient() != null
                && RealmGovernance.mode(realm).isOn()) {
            // Keycloak generated the new secret before this event: the old one is in the context and its representation
            noteSecretBeingReplaced(rotation);
        } else if (context.getEvent() == ClientPolicyEvent.UPDATE && ((ClientCRUDContext) context).getTargetClient() != null
                && RealmGovernance.mode(realm).isOn()) {
            // what the client authenticates with before the update: its admin event alerts on a change
            ClientCredentialSnapshot.before(session, ((ClientCRUDContext) context).getTargetClient());
        }
        GovernanceMode mode = policy.enforcement().effective(RealmGovernance.mode(realm));
        if (!mode.isOn()) {
            return;
        }
        switch (context.getEvent()) {
            case REGISTER, UPDATE -> onSave(realm, mode, (ClientCRUDContext) context);
            // the response, not the request: Keycloak passes the executor's 401 through there (400 at the request)
            case SERVICE_ACCOUNT_TOKEN_RESPONSE -> onToken(realm, mode, session.getContext().getClient(), "client_credentials",
                    ((ServiceAccountTokenResponseContext) context).getClientSession());
            case TOKEN_RESPONSE -> onToken(realm, mode, session.getContext().getClient(), "authorization_code", null);
            case TOKEN_REFRESH_RESPONSE -> onToken(realm, mode, session.getContext().getClient(), "refresh_token", null);
            case RESOURCE_OWNER_PASSWORD_CREDENTIALS_RESPONSE -> onToken(realm, mode, session.getContext().getClient(), "password", null);
            case DEVICE_TOKEN_RESPONSE -> onToken(realm, mode, session.getContext().getClient(), "device_code", null);
            case BACKCHANNEL_TOKEN_RESPONSE -> onToken(realm, mode, session.getContext().getClient(), "ciba", null);
            case TOKEN_EXCHANGE_REQUEST -> onToken(realm, mode, ((TokenExchangeRequestContext) context).getClient(), "token_exchange", null);
            default -> {
                // other events carry no client credential
            }
        }
    }

    private void noteSecretBeingReplaced(ClientSecretRotationContext rotation) {
        ClientModel client = rotation.getTargetClient();
        Map<String, String> attributes = rotation.getProposedClientRepresentation() == null
                || rotation.getProposedClientRepresentation().getAttributes() == null
                ? Map.of() : rotation.getProposedClientRepresentation().getAttributes();
        ClientCredentialSnapshot.before(session, client.getId(), ClientCredentialSnapshot.of(client.getClientAuthenticatorType(),
                rotation.getCurrentSecret(), attributes.get(CredentialContract.SECRET_CREATION_TIME),
                client.getAttribute(CredentialContract.SECRET_FIRST_SEEN)));
    }

    /** Registration or update through the admin API or dynamic registration: the proposed method must be allowed. */
    private void onSave(RealmModel realm, GovernanceMode mode, ClientCRUDContext context) throws ClientPolicyException {
        if (context instanceof ClientSecretRotationContext) {
            return; // regenerating a secret is how a client gets out of an age refusal, never refused here
        }
        ClientRepresentation proposed = context.getProposedClientRepresentation();
        ClientModel target = context.getTargetClient();
        if (proposed == null || !confidentialWithServiceAccount(proposed, target)) {
            return;
        }
        String clientId = proposed.getClientId() != null ? proposed.getClientId() : target.getClientId();
        CredentialSubject subject = target == null ? newClient(clientId) : subject(target, null).orElse(newClient(clientId));
        String method = proposed.getClientAuthenticatorType() != null ? proposed.getClientAuthenticatorType() : ClientCredentialSnapshot.method(target);
        List<CredentialFinding> findings = policy.checkMethod(subject, method);
        if (findings.isEmpty()) {
            return;
        }
        String grantless = "[" + (target == null ? "client registration" : "client update") + "]";
        decide(realm, mode, subject, findings, grantless);
        if (mode == GovernanceMode.ENFORCE) {
            CredentialFinding finding = findings.get(0);
            throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT_METADATA, finding.field() + ": " + finding.reason());
        }
    }

    /** {@code serviceAccountSession}: the client-credentials grant's session, whose user is the service account already. */
    private void onToken(RealmModel realm, GovernanceMode mode, ClientModel client, String grant,
                         AuthenticatedClientSessionModel serviceAccountSession) throws ClientPolicyException {
        if (client == null || client.isPublicClient() || client.isBearerOnly()) {
            return;
        }
        Optional<CredentialSubject> subject = subject(client, serviceAccountSession);
        if (subject.isEmpty() || !CredentialPolicy.governs(subject.get().identityClass())) {
            return;
        }
        String method = ClientCredentialSnapshot.method(client);
        // a client still using the secret a rotation replaced is judged by that secret's own age
        Instant secretIssued = !CredentialContract.SECRET_METHODS.contains(method) ? null
                : RotatedSecretUse.created(session, client).orElseGet(() -> secretIssued(client));
        List<CredentialFinding> findings = policy.check(subject.get(), method, secretIssued, clock.instant());
        if (findings.isEmpty()) {
            return;
        }
        decide(realm, mode, subject.get(), findings, "[grant " + grant + ", client " + client.getClientId() + "]");
        if (mode == GovernanceMode.ENFORCE) {
            String description = findings.stream().map(CredentialFinding::reason).collect(Collectors.joining(" "));
            throw new ClientPolicyException(OAuthErrorException.INVALID_CLIENT, description, Response.Status.UNAUTHORIZED);
        }
    }

    /**
     * One decision per finding: a refusal rolls the request back, so a deny is recorded in its own transaction; a
     * would-deny rides on the request, which goes through.
     */
    private void decide(RealmModel realm, GovernanceMode mode, CredentialSubject subject, List<CredentialFinding> findings, String where) {
        Decision.Result result = Decision.denialIn(mode);
        for (CredentialFinding finding : findings) {
            Decision decision = new Decision(subject.principal(), finding.policy(), result, finding.reason() + " " + where);
            if (result == Decision.Result.DENY) {
                DetachedDecisions.record(session, realm, decision);
            } else {
                DecisionLog.record(session, realm, decision);
            }
        }
    }

    /** {@code serviceAccountSession}: a client-credentials session, whose user is the service account; else null. */
    private Optional<CredentialSubject> subject(ClientModel client, AuthenticatedClientSessionModel serviceAccountSession) {
        UserModel sessionUser = serviceAccountSession == null || serviceAccountSession.getUserSession() == null
                ? null : serviceAccountSession.getUserSession().getUser();
        UserModel account = sessionUser != null && client.getId().equals(sessionUser.getServiceAccountClientLink())
                ? sessionUser : ServiceAccounts.of(session, client);
        return account == null ? Optional.empty() : Optional.of(PrincipalResolver.credentialSubject(client, account));
    }

    /** A client being registered has no service account yet: it is what a service account is derived as. */
    private static CredentialSubject newClient(String clientId) {
        return new CredentialSubject(clientId, "service-account-" + clientId, IdentityClass.SERVICE_ACCOUNT, RiskTier.DEFAULT);
    }

    private static boolean confidentialWithServiceAccount(ClientRepresentation proposed, ClientModel target) {
        boolean publicClient = proposed.isPublicClient() != null ? proposed.isPublicClient() : target != null && target.isPublicClient();
        boolean bearerOnly = proposed.isBearerOnly() != null ? proposed.isBearerOnly() : target != null && target.isBearerOnly();
        boolean serviceAccount = proposed.isServiceAccountsEnabled() != null ? proposed.isServiceAccountsEnabled()
                : target != null && target.isServiceAccountsEnabled();
        return !publicClient && !bearerOnly && serviceAccount;
    }

    /**
     * When the current secret was generated (Keycloak records it on generation and rotation). A secret set explicitly
     * (an import, a representation with a secret) has no such record: its age counts from the first time the pack
     * sees the client authenticate, recorded once on the client.
     */
    private Instant secretIssued(ClientModel client) {
        Instant issued = SecretAge.issued(client.getAttribute(CredentialContract.SECRET_CREATION_TIME),
                client.getAttribute(CredentialContract.SECRET_FIRST_SEEN));
        if (issued != null) {
            return issued;
        }
        Instant now = clock.instant();
        client.setAttribute(CredentialContract.SECRET_FIRST_SEEN, String.valueOf(now.getEpochSecond()));
        return now;
    }

    @Override
    public String getProviderId() {
        return CredentialPolicyGateFactory.ID;
    }
}
