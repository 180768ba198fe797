package io.github.idgov.admin;

import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.alerts.AlertContract;
import io.github.idgov.core.alerts.AlertKind;
import io.github.idgov.core.alerts.NetworkMemory;
import io.github.idgov.core.alerts.NetworkRange;
import io.github.idgov.core.alerts.RateBaseline;
import io.github.idgov.core.keycloak.AlertLog;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.keycloak.events.Event;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Alerts derived from the token events of non-human identities: a rate far above the identity's own recent windows
 * ({@link RateBaseline}, in memory, per node) and the first use from a network range the identity's client was not
 * seen in ({@link NetworkMemory}, stored on the client, written only when a range is new, by {@link SeenNetworks}). The identity is the
 * client's service account when it is a machine (client credentials, an agent's delegated exchange), else the
 * event's user when it is a machine.
 */
final class UsageAlerts {

    /** Server-wide settings: the rate baseline (shared state of the factory) and the network memory's capacity. */
    record Settings(RateBaseline baseline, int networkCapacity) {
    }

    private UsageAlerts() {
    }

    static void onEvent(KeycloakSession session, TokenEvent token, Settings settings) {
        Event event = token.event();
        if (event.getClientId() == null) {
            return;
        }
        RealmModel realm = token.realm();
        UserModel identity = identity(session, token);
        if (identity == null) {
            return;
        }
        rate(session, realm, identity, event, settings.baseline());
        ClientModel client = token.client();
        if (client != null && client.getId().equals(identity.getServiceAccountClientLink())) {
            network(session, realm, client, identity, event, settings.networkCapacity());
        }
    }

    private static UserModel identity(KeycloakSession session, TokenEvent token) {
        UserModel account = token.clientAccount();
        if (account != null && PrivilegeAlerts.machine(account)) {
            return account;
        }
        String userId = token.event().getUserId();
        UserModel user = userId == null ? null : session.users().getUserById(token.realm(), userId);
        return user != null && PrivilegeAlerts.machine(user) ? user : null;
    }

    private static void rate(KeycloakSession session, RealmModel realm, UserModel identity, Event event, RateBaseline baseline) {
        Optional<RateBaseline.Excess> excess = baseline.observe(realm.getId() + "/" + identity.getId(), event.getTime());
        if (excess.isEmpty()) {
            return;
        }
        RateBaseline.Excess e = excess.get();
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("count", e.count());
        evidence.put("window_seconds", e.windowMillis() / 1000.0);
        evidence.put("window_start", java.time.Instant.ofEpochMilli(e.windowStartMillis()).toString());
        evidence.put("average_previous_windows", e.average());
        evidence.put("previous_windows", e.history());
        evidence.put("factor", e.factor());
        evidence.put("minimum", baseline.settings().minimum());
        evidence.put("event_type", event.getType().name());
        evidence.put("client", event.getClientId());
        evidence.put("ip", event.getIpAddress());
        AlertLog.record(session, realm, new Alert(AlertKind.RATE_ANOMALY, identity.getUsername(),
                identity.getUsername() + " above its usual rate: " + e.describe(), evidence));
    }

    private static void network(KeycloakSession session, RealmModel realm, ClientModel client, UserModel identity, Event event, int capacity) {
        Optional<String> range = NetworkRange.of(event.getIpAddress());
        if (range.isEmpty()) {
            return;
        }
        // a known range (the common case) is read from the cached client and writes nothing
        if (NetworkMemory.knows(client.getAttribute(AlertContract.SEEN_NETWORKS_ATTRIBUTE), range.get())) {
            return;
        }
        SeenNetworks.learnAfterCommit(session, new SeenNetworks.Use(realm.getId(), client.getId(), identity.getUsername(), range.get(),
                event.getIpAddress(), event.getType().name()), capacity);
    }
}
