package io.github.idgov.admin;

import io.github.idgov.admin.review.AdminRealmReviewClient;
import io.github.idgov.core.GovernanceContract;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.validate.Validator;

/**
 * Watches realms for governance switches: realm creation and import (checked, then activated) and admin
 * updates of the realm (mode validated, then activated), and the removal of a realm (master's review client
 * may go with it). Global, so no realm has to enable it.
 */
public final class RealmGovernanceListenerFactory implements EventListenerProviderFactory, ServerInfoAwareProviderFactory {

    static final String ID = "idgov-realm-governance";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new RealmGovernanceListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        // no options
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                KeycloakSession session = created.getKeycloakSession();
                RealmModel realm = created.getCreatedRealm();
                GovernanceAttributeValidator validator = (GovernanceAttributeValidator) factory
                        .getProviderFactory(Validator.class, GovernanceContract.VALIDATOR_ID);
                ImportCheck.run(session, realm, validator.rules());
                RealmActivation.apply(session, realm);
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                // the event comes after the realm's row is gone (its attributes cannot be read): reconcile whatever it was
                AdminRealmReviewClient.reconcileAfterCommit(removed.getKeycloakSession());
            } else if (event instanceof PostMigrationEvent) {
                refreshGovernedRealms(factory);
                // servers that had governed realms before master got the review client (or lost them while down)
                AdminRealmReviewClient.reconcile(factory);
            }
        });
    }

    /**
     * After an upgrade of the pack, governed realms whose installed setup is older than this version get the new one
     * at start-up (one transaction per realm), not only on their next admin update. Every node does it; the setup is
     * idempotent and the nodes that come second find it current.
     */
    private static void refreshGovernedRealms(KeycloakSessionFactory factory) {
        List<String> stale = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> session.realms().getRealmsStream()
                .filter(RealmActivation::needsRefresh).map(RealmModel::getId).toList());
        for (String realmId : stale) {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null && RealmActivation.needsRefresh(realm)) {
                    session.getContext().setRealm(realm);
                    RealmActivation.apply(session, realm);
                }
            });
        }
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("realm-attribute", GovernanceContract.REALM_MODE_ATTRIBUTE, "modes", "off, monitor, enforce");
    }
}
