package io.github.idgov.authenticators.delegation;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.keycloak.DecisionLog;
import io.github.idgov.core.keycloak.DetachedDecisions;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.cors.Cors;

/**
 * How a delegation check answers. A refusal is an OAuth error for the agent, a Keycloak {@code TOKEN_EXCHANGE_ERROR}
 * event and a {@code deny} decision (recorded in its own transaction: the refused request rolls back). A policy
 * finding in a monitor realm is a {@code would-deny} decision and the exchange goes on.
 */
final class Refusals {

    /** One refusal: the OAuth error, the HTTP status, the Keycloak event error and the decision policy. */
    record Refusal(String policy, String error, Response.Status status, String eventError, String description) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final GovernanceMode mode;
    private final EventBuilder event;
    private final Cors cors;
    private final String principal;
    private final String context;

    Refusals(KeycloakSession session, RealmModel realm, GovernanceMode mode, EventBuilder event, Cors cors,
             String principal, String agentClientId) {
        this.session = session;
        this.realm = realm;
        this.mode = mode;
        this.event = event;
        this.cors = cors;
        this.principal = principal;
        this.context = " [grant token_exchange, client " + agentClientId + "]";
    }

    /** Refuses whatever the mode: the request cannot be served (bad parameters, a token that is not valid). */
    CorsErrorResponseException refuse(Refusal refusal) {
        DetachedDecisions.record(session, realm, new Decision(principal, refusal.policy(), Decision.Result.DENY,
                refusal.description() + context));
        event.detail(Details.REASON, refusal.description());
        event.error(refusal.eventError());
        return new CorsErrorResponseException(cors, refusal.error(), refusal.description(), refusal.status());
    }

    /** A governance rule: refused in enforce; in monitor recorded as would-deny and let through (returns normally). */
    void enforce(Refusal refusal) {
        if (mode == GovernanceMode.ENFORCE) {
            throw refuse(refusal);
        }
        DecisionLog.record(session, realm, new Decision(principal, refusal.policy(), Decision.Result.WOULD_DENY,
                refusal.description() + context));
    }
}
