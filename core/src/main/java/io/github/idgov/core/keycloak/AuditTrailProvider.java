package io.github.idgov.core.keycloak;

import io.github.idgov.core.Decision;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/** Where {@link DecisionLog} sends decisions so they become audit records in the request's transaction. */
public interface AuditTrailProvider extends Provider {

    void decision(RealmModel realm, Decision decision);
}
