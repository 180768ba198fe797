package io.github.idgov.admin;

import io.github.idgov.admin.index.IdentityIndex;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.GovernanceMode;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;
import io.github.idgov.admin.approval.ApprovalClient;
import io.github.idgov.admin.review.AdminRealmReviewClient;
import io.github.idgov.admin.review.ReviewClient;
import io.github.idgov.core.keycloak.RealmGovernance;
import org.jboss.logging.Logger;
import org.keycloak.models.RealmModel;
import org.keycloak.models.KeycloakSession;

/**
 * Brings a realm in line with its governance mode: switching on installs the user-profile attributes, the
 * token claim scope and the lifecycle client policy; switching off removes the scope and the client policy
 * (attributes and their values stay). A realm that stays
 * off is never touched. Either switch has master's review client reconciled once it commits (see
 * {@link AdminRealmReviewClient}).
 */
final class RealmActivation {

    /** Realm attribute recording which version of the pack's realm setup is installed. */
    static final String INSTALLED_ATTRIBUTE = "idgov.installed";

    /**
     * Bump when the user-profile declarations, the scope, the listeners or the client policy change, so governed
     * realms are refreshed. 2: audit listener, lifecycle attributes (review status, reclassified at) and the
     * lifecycle client policy. 3: the review page's client. 4: step-up and machine gates in the client profile, the
     * step-up browser flow. 5: the agent grant guard in the client profile and the act mapper in the claim scope
     * (merged with 4). 6: the credential policy executor in the client profile (executor configurations kept), the
     * environment gate in the client profile. 7: the command limit gate in the client profile. 8: the step-up's second
     * factors (OTP, WebAuthn, passkey, recovery codes) and enrol step at level 2 of the step-up flow. 9: the agent
     * approval gate in the client profile, the approval page's client. 10: the client profile holds the credential
     * policy and one executor for the other gates (idgov-token-gates), with short descriptions. 11: the post-broker-login
     * step-up flow, bound to the realm's identity providers that have no post-broker flow. 13: the client policy's
     * condition is idgov-gated-events (the events the gates act on) instead of any-client.
     */
    static final String SETUP_VERSION = "13";

    private static final Logger LOG = Logger.getLogger(RealmActivation.class);

    private RealmActivation() {
    }

    /** The audit listener joins the realm's own event listeners, where admins see and can remove it. */
    private static void setAuditListener(RealmModel realm, boolean enabled) {
        Set<String> listeners = realm.getEventsListenersStream().collect(Collectors.toCollection(LinkedHashSet::new));
        boolean changed = enabled ? listeners.add(GovernanceContract.AUDIT_LISTENER_ID)
                : listeners.remove(GovernanceContract.AUDIT_LISTENER_ID);
        if (changed) {
            realm.setEventsListeners(listeners);
        }
    }

    /** Governed, with a setup older (or newer) than this version of the pack installs. */
    static boolean needsRefresh(RealmModel realm) {
        return RealmGovernance.mode(realm).isOn() && !SETUP_VERSION.equals(realm.getAttribute(INSTALLED_ATTRIBUTE));
    }

    static void apply(KeycloakSession session, RealmModel realm) {
        GovernanceMode mode = RealmGovernance.mode(realm);
        String installed = realm.getAttribute(INSTALLED_ATTRIBUTE);
        if (mode.isOn() && !SETUP_VERSION.equals(installed)) {
            UserProfileBootstrap.install(session, realm);
            TokenClaimScope.install(realm);
            setAuditListener(realm, true);
            LifecycleClientPolicy.install(session, realm);
            ReviewClient.install(realm);
            ApprovalClient.install(realm);
            StepUpBrowserFlow.install(session, realm);
            StepUpBrokerFlow.install(session, realm);
            realm.setAttribute(INSTALLED_ATTRIBUTE, SETUP_VERSION);
            AdminRealmReviewClient.reconcileAfterCommit(session);
            LOG.infof("Identity governance switched on for realm '%s' (%s)", realm.getName(), mode.value());
        } else if (!mode.isOn() && installed != null) {
            TokenClaimScope.uninstall(realm);
            setAuditListener(realm, false);
            LifecycleClientPolicy.uninstall(session, realm);
            ReviewClient.uninstall(realm);
            ApprovalClient.uninstall(realm);
            StepUpBrokerFlow.uninstall(session, realm);
            StepUpBrowserFlow.uninstall(session, realm);
            IdentityIndex.suspend(realm);
            realm.removeAttribute(INSTALLED_ATTRIBUTE);
            AdminRealmReviewClient.reconcileAfterCommit(session); // the last governed realm takes master's client with it
            LOG.infof("Identity governance switched off for realm '%s'", realm.getName());
        }
    }
}
