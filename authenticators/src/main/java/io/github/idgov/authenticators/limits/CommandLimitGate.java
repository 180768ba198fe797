package io.github.idgov.authenticators.limits;

import io.github.idgov.authenticators.lifecycle.TokenSubjects;
import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.keycloak.DetachedDecisions;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.limits.CommandKind;
import io.github.idgov.core.limits.CommandLimitContract;
import io.github.idgov.core.limits.CommandLimiter;
import io.github.idgov.core.limits.LimitOutcome;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Optional;
import org.keycloak.OAuthErrorException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyContext;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Counts every token a non-human principal obtains (as the token's principal or as the acting client) and every
 * delegated exchange an agent makes, against its per-identity limit; over the limit the request is refused
 * (enforce) or let through with a would-deny record (monitor). The first excess of each window is recorded as a
 * decision in its own transaction (a refused request rolls back); Keycloak's error event names every refusal.
 */
final class CommandLimitGate implements ClientPolicyExecutorProvider<ClientPolicyExecutorConfigurationRepresentation> {

    private final KeycloakSession session;
    private final CommandLimiter limiter;

    CommandLimitGate(KeycloakSession session, CommandLimiter limiter) {
        this.session = session;
        this.limiter = limiter;
    }

    @Override
    public void executeOnEvent(ClientPolicyContext context) throws ClientPolicyException {
        RealmModel realm = session.getContext().getRealm();
        GovernanceMode mode = RealmGovernance.mode(realm);
        if (!mode.isOn()) {
            return;
        }
        List<TokenSubjects.Subject> subjects = TokenSubjects.of(session, realm, context);
        if (subjects.isEmpty()) {
            return; // not a token issuance (or nobody to issue to)
        }
        String grant = subjects.get(0).grant();
        ClientModel client = session.getContext().getClient();
        // only an ai-agent client's exchange is the pack's delegated exchange (the provider serves no other class)
        boolean delegatedExchange = context.getEvent() == ClientPolicyEvent.TOKEN_EXCHANGE_REQUEST;
        for (LimitedPrincipals.Principal principal : LimitedPrincipals.of(session, client, subjects)) {
            check(realm, mode, grant, principal, CommandKind.TOKEN);
            if (delegatedExchange && principal.requester() && principal.identityClass() == IdentityClass.AI_AGENT) {
                check(realm, mode, grant, principal, CommandKind.DELEGATED_EXCHANGE);
            }
        }
    }

    private void check(RealmModel realm, GovernanceMode mode, String grant, LimitedPrincipals.Principal principal,
                       CommandKind kind) throws ClientPolicyException {
        Optional<LimitOutcome> counted = limiter.count(kind, realm.getId(), principal.user().getId(), principal.identityClass(),
                principal.user().getFirstAttribute(kind.overrideAttribute().attributeName()));
        if (counted.isEmpty() || !counted.get().exceeded()) {
            return;
        }
        LimitOutcome outcome = counted.get();
        String reason = outcome.describe(limiter.windowText(kind));
        if (outcome.firstExcess()) {
            DetachedDecisions.record(session, realm, new Decision(principal.name(), CommandLimitContract.POLICY,
                    Decision.denialIn(mode), reason + " [grant " + grant + ", client " + clientId() + "]"));
        }
        if (mode == GovernanceMode.ENFORCE) {
            session.getContext().getHttpResponse().setHeader(CommandLimitContract.RETRY_AFTER_HEADER,
                    String.valueOf(outcome.retryAfterSeconds()));
            throw refusal(grant, reason + "; retry after " + outcome.retryAfterSeconds() + " s");
        }
    }

    /**
     * Device polling has its own "poll slower" answer (RFC 8628 section 3.5, 400 slow_down); every other grant gets
     * 429 Too Many Requests with temporarily_unavailable, the OAuth code for "try again later".
     */
    static ClientPolicyException refusal(String grant, String description) {
        return "device_code".equals(grant)
                ? new ClientPolicyException(OAuthErrorException.SLOW_DOWN, description, Response.Status.BAD_REQUEST)
                : new ClientPolicyException(OAuthErrorException.TEMPORARILY_UNAVAILABLE, description, Response.Status.TOO_MANY_REQUESTS);
    }

    private String clientId() {
        ClientModel client = session.getContext().getClient();
        return client == null ? "-" : client.getClientId();
    }

    @Override
    public String getProviderId() {
        return CommandLimitContract.GATE_ID;
    }
}
