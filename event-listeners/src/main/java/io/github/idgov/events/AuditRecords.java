package io.github.idgov.events;

import io.github.idgov.core.Decision;
import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.LifecycleChange;
import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.alerts.AlertContract;
import io.github.idgov.core.audit.Json;
import io.github.idgov.core.audit.Redactor;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.ServiceAccounts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** Builds audit records (DESIGN.md section 3) from Keycloak events, tagged with the principal's governance record. */
final class AuditRecords {

    /** Representations larger than this are left out of the record (their size and type stay). */
    static final int MAX_REPRESENTATION_CHARS = 16_384;

    private AuditRecords() {
    }

    static Map<String, Object> fromEvent(KeycloakSession session, RealmModel realm, Event event) {
        Map<String, Object> record = base(event.getId(), event.getTime(), realm, "user");
        record.put("type", event.getType().name());
        record.put("outcome", event.getError() == null ? "success" : "error");
        record.put("error", event.getError());
        UserModel user = event.getUserId() == null ? null : session.users().getUserById(realm, event.getUserId());
        record.put("principal", principal(realm, user, event.getUserId()));
        record.put("actor", actor(session, realm, event.getClientId(), user));
        record.put("client", event.getClientId());
        record.put("ip", event.getIpAddress());
        record.put("session", event.getSessionId());
        record.put("resource", null);
        record.put("decision", null);
        record.put("details", Redactor.redactDetails(event.getDetails()));
        return record;
    }

    /**
     * The agent acting for the user (DESIGN.md: the hybrid chain subject → actor): an event of a user through a
     * client whose service account is an ai-agent, as the {@code act} claim names it. Null for anything else.
     */
    static Map<String, Object> actor(KeycloakSession session, RealmModel realm, String clientId, UserModel user) {
        if (clientId == null || user == null) {
            return null;
        }
        ClientModel client = realm.getClientByClientId(clientId);
        // the client's own service account speaks for itself (every client-credentials event): no service account lookup
        if (client == null || !client.isServiceAccountsEnabled() || client.getId().equals(user.getServiceAccountClientLink())) {
            return null;
        }
        UserModel account = ServiceAccounts.of(session, client);
        if (account == null || PrincipalResolver.identityClass(account) != IdentityClass.AI_AGENT) {
            return null;
        }
        Map<String, Object> actor = new LinkedHashMap<>();
        actor.put("sub", account.getId());
        actor.put("client_id", client.getClientId());
        actor.put("identity_class", IdentityClass.AI_AGENT.value());
        return actor;
    }

    static Map<String, Object> fromAdminEvent(KeycloakSession session, RealmModel realm, AdminEvent event,
                                              boolean includeRepresentation) {
        Map<String, Object> record = base(event.getId(), event.getTime(), realm, "admin");
        record.put("type", event.getResourceTypeAsString() + "_" + event.getOperationType().name());
        record.put("outcome", event.getError() == null ? "success" : "error");
        record.put("error", event.getError());
        AuthDetails auth = event.getAuthDetails();
        RealmModel authRealm = auth == null ? null : session.realms().getRealm(auth.getRealmId());
        UserModel admin = auth == null || authRealm == null || auth.getUserId() == null ? null
                : session.users().getUserById(authRealm, auth.getUserId());
        record.put("principal", principal(authRealm, admin, auth == null ? null : auth.getUserId()));
        record.put("actor", null);
        record.put("client", auth == null ? null : clientId(authRealm, auth.getClientId()));
        record.put("ip", auth == null ? null : auth.getIpAddress());
        record.put("session", null);
        Map<String, Object> resource = new LinkedHashMap<>();
        resource.put("type", event.getResourceTypeAsString());
        resource.put("operation", event.getOperationType().name());
        resource.put("path", event.getResourcePath());
        record.put("resource", resource);
        record.put("decision", null);
        Map<String, Object> details = Redactor.redactDetails(event.getDetails());
        String representation = event.getRepresentation();
        if (includeRepresentation && representation != null) {
            if (representation.length() > MAX_REPRESENTATION_CHARS) {
                details.put("representation_omitted_chars", representation.length());
            } else {
                details.put("representation", redactedJson(representation));
            }
        }
        record.put("details", details);
        return record;
    }

    static Map<String, Object> fromDecision(RealmModel realm, Decision decision, GovernanceRecord subject) {
        Map<String, Object> record = base(UUID.randomUUID().toString(), System.currentTimeMillis(), realm, "lifecycle");
        record.put("type", "DECISION");
        record.put("outcome", decision.result() == Decision.Result.DENY ? "error" : "success");
        record.put("error", decision.result() == Decision.Result.DENY ? "access_denied" : null);
        record.put("principal", subject == null ? Map.of("username", decision.principal()) : principal(subject));
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("policy", decision.policy());
        verdict.put("result", decision.result().value());
        verdict.put("reason", decision.reason());
        record.put("decision", verdict);
        return record;
    }

    static Map<String, Object> fromLifecycle(RealmModel realm, LifecycleChange change, GovernanceRecord subject) {
        Map<String, Object> record = base(UUID.randomUUID().toString(), System.currentTimeMillis(), realm, "lifecycle");
        record.put("type", change.event().name());
        record.put("outcome", "success");
        record.put("error", null);
        record.put("principal", subject == null ? Map.of("username", change.principal()) : principal(subject));
        record.put("actor", null);
        record.put("decision", null);
        Map<String, Object> details = new LinkedHashMap<>(change.details());
        details.put("by", change.by());
        record.put("details", Redactor.redact(details));
        return record;
    }

    /**
     * An anomaly alert: {@code source} lifecycle (the pack's own records), {@code type} ALERT, the identity as
     * {@code principal} (with owner and sponsor), and the new field {@code alert} {kind, summary, evidence}.
     */
    static Map<String, Object> fromAlert(RealmModel realm, Alert alert, GovernanceRecord subject) {
        Map<String, Object> record = base(UUID.randomUUID().toString(), System.currentTimeMillis(), realm, "lifecycle");
        record.put("type", AlertContract.RECORD_TYPE);
        record.put("outcome", "success");
        record.put("error", null);
        record.put("principal", subject == null ? Map.of("username", alert.principal()) : principal(subject));
        record.put("actor", null);
        record.put("decision", null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", alert.kind().value());
        body.put("summary", alert.summary());
        body.put("evidence", Redactor.redact(new LinkedHashMap<>(alert.evidence())));
        record.put("alert", body);
        return record;
    }

    private static Map<String, Object> base(String id, long time, RealmModel realm, String source) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", id);
        record.put("time", Instant.ofEpochMilli(time).toString());
        record.put("realm", realm.getName());
        record.put("source", source);
        return record;
    }

    private static Map<String, Object> principal(RealmModel realm, UserModel user, String userId) {
        if (user == null || realm == null) {
            Map<String, Object> unknown = new LinkedHashMap<>();
            unknown.put("id", userId);
            return unknown;
        }
        return principal(PrincipalResolver.resolve(realm, user));
    }

    private static Map<String, Object> principal(GovernanceRecord record) {
        Map<String, Object> principal = new LinkedHashMap<>();
        principal.put("id", record.principal().userId());
        principal.put("username", record.principal().username());
        principal.put("class", record.identityClass().value());
        principal.put("class_derived", record.classDerived());
        principal.put("owner", record.owner());
        principal.put("sponsor", record.sponsor());
        principal.put("client_id", record.principal().clientId());
        return principal;
    }

    private static String clientId(RealmModel realm, String internalId) {
        if (realm == null || internalId == null) {
            return internalId;
        }
        ClientModel client = realm.getClientById(internalId);
        return client == null ? internalId : client.getClientId();
    }

    private static Object redactedJson(String representation) {
        try {
            return Redactor.redact(Json.parse(representation));
        } catch (IllegalArgumentException notJson) {
            return Redactor.REDACTED; // unparseable: cannot prove it holds no secret
        }
    }
}
