package io.github.idgov.core.keycloak;

import java.util.Set;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;

/**
 * A client-policy executor factory of the pack that names the events its executor acts on. The pack's client policy
 * is satisfied only on these events (condition {@code idgov-gated-events}): on any other event of a request Keycloak
 * then neither parses the pack's profile nor builds its executors. An executor that acts on an event must list it.
 */
public interface GatedEvents {

    /** The events the executor acts on; {@code factory} resolves executors that run others (the token gates). */
    Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory);
}
