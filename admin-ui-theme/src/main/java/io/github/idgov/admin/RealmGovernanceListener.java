package io.github.idgov.admin;

import io.github.idgov.core.AttributeValue;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.segmentation.EnvironmentTags;
import io.github.idgov.core.segmentation.SegmentationContract;
import java.util.List;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.models.RealmModel;

/** Reacts to an admin update of a realm, inside the admin request's transaction. */
final class RealmGovernanceListener implements EventListenerProvider {

    private final KeycloakSession session;

    RealmGovernanceListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        // user events do not change governance
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        RealmModel eventRealm = event.getResourceType() == ResourceType.REALM ? null : session.realms().getRealm(event.getRealmId());
        if (eventRealm != null) {
            List<String> problems = new java.util.ArrayList<>(StepUpConfigCheck.problems(session, eventRealm, event));
            problems.addAll(EnvironmentConfigCheck.problems(eventRealm, event));
            if (!problems.isEmpty()) {
                refuse(String.join("; ", problems));
            } else if (event.getResourceType() == ResourceType.AUTHENTICATOR_CONFIG) {
                StepUpFactorsFlow.sync(session, eventRealm); // the factors setting drives the step-up flow's alternatives
            } else if (event.getResourceType() == ResourceType.IDENTITY_PROVIDER && event.getOperationType() == OperationType.CREATE
                    && RealmGovernance.mode(eventRealm).isOn()) {
                // a provider added later also steps up after its logins (unless created with its own post-broker flow)
                StepUpBrokerFlow.bindNew(session, eventRealm, lastSegment(event.getResourcePath()));
            }
            return;
        }
        if (event.getResourceType() != ResourceType.REALM || event.getOperationType() != OperationType.UPDATE) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        String rawMode = realm.getAttribute(GovernanceContract.REALM_MODE_ATTRIBUTE);
        if (rawMode != null && RealmGovernance.parseMode(rawMode).isEmpty()) {
            refuse(GovernanceContract.REALM_MODE_ATTRIBUTE + ": \"" + rawMode + "\" is not one of: "
                    + AttributeValue.allowed(GovernanceMode.class));
            return;
        }
        List<String> strictProblems = EnvironmentTags.strictProblems(realm.getAttribute(SegmentationContract.STRICT_REALM_ATTRIBUTE));
        if (!strictProblems.isEmpty()) {
            refuse(String.join("; ", strictProblems));
            return;
        }
        RealmActivation.apply(session, realm);
    }

    private static String lastSegment(String resourcePath) {
        return resourcePath == null ? null : resourcePath.substring(resourcePath.lastIndexOf('/') + 1);
    }

    /**
     * Listener exceptions are swallowed by Keycloak, so the refusal is a prepare-phase participant: the whole
     * update rolls back and the caller gets the validation error.
     */
    private void refuse(String message) {
        session.getTransactionManager().enlistPrepare(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                ModelValidationException refusal = new ModelValidationException(message);
                // Keycloak's error handler answers 400 for this type, and shows the message only for a model cause
                refusal.initCause(new ModelException(message));
                throw refusal;
            }

            @Override
            protected void rollbackImpl() {
                // nothing of ours to undo
            }
        });
    }

    @Override
    public void close() {
        // session-scoped, nothing held
    }
}
