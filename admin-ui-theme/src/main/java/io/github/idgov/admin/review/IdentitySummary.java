package io.github.idgov.admin.review;

import io.github.idgov.core.GovernanceRecord;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.PrincipalDirectory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.RoleUtils;

/**
 * Everything the review answers about one identity: who owns it (owner and sponsor with their state), what it
 * can do (effective roles, its client's scopes, autonomy, credentials and their ages), when it was last reviewed,
 * its status and why.
 */
final class IdentitySummary {

    /** Client attribute Keycloak keeps the secret's creation time in (epoch seconds). */
    private static final String SECRET_CREATION_TIME = "client.secret.creation.time";

    private IdentitySummary() {
    }

    /** @param withActivity also read the active sessions (the summary of one identity; the export leaves it out) */
    static Map<String, Object> of(KeycloakSession session, RealmModel realm, Assessor assessor, Assessment assessment, boolean withActivity) {
        UserModel user = assessment.user();
        GovernanceRecord record = assessment.record();
        Map<String, Object> json = IdentityRow.of(assessment).json();
        json.put("purpose", record.purpose());
        json.put("reviewCadenceDays", record.reviewCadenceDays());
        json.put("owner", person(record.owner(), assessor.directory()));
        json.put("sponsor", person(record.sponsor(), assessor.directory()));
        Map<String, Object> lastReview = new LinkedHashMap<>();
        lastReview.put("at", record.lastReviewedAt() == null ? null : record.lastReviewedAt().toString());
        lastReview.put("by", record.lastReviewedBy());
        lastReview.put("comment", user.getFirstAttribute(ReviewApi.COMMENT_ATTRIBUTE));
        json.put("lastReview", lastReview);
        roles(user, json);
        ClientModel client = record.principal().isServiceAccount() ? realm.getClientById(user.getServiceAccountClientLink()) : null;
        json.put("clientScopes", client == null ? null : Map.of(
                "default", new TreeSet<>(client.getClientScopes(true).keySet()),
                "optional", new TreeSet<>(client.getClientScopes(false).keySet())));
        json.put("autonomy", record.identityClass() == IdentityClass.AI_AGENT && record.autonomy() != null ? record.autonomy().value() : null);
        json.put("credentials", credentials(user, client));
        json.put("problems", record.problems().stream().map(io.github.idgov.core.Violation::describe).toList());
        if (withActivity) {
            activity(session, realm, user, json);
        }
        return json;
    }

    private static Map<String, Object> person(String username, PrincipalDirectory directory) {
        if (username == null) {
            return null;
        }
        Optional<PrincipalDirectory.PrincipalState> found = directory.find(username);
        String state = found.isEmpty() ? "deleted"
                : !found.get().enabled() ? "disabled"
                : found.get().identityClass() != IdentityClass.HUMAN ? "not a human" : "ok";
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("username", username);
        json.put("state", state);
        return json;
    }

    /** Effective roles: direct, from groups and through composites. */
    private static void roles(UserModel user, Map<String, Object> json) {
        TreeSet<String> realmRoles = new TreeSet<>();
        Map<String, TreeSet<String>> clientRoles = new TreeMap<>();
        for (RoleModel role : RoleUtils.getDeepUserRoleMappings(user)) {
            if (role.isClientRole() && role.getContainer() instanceof ClientModel owner) {
                clientRoles.computeIfAbsent(owner.getClientId(), k -> new TreeSet<>()).add(role.getName());
            } else {
                realmRoles.add(role.getName());
            }
        }
        json.put("realmRoles", realmRoles);
        json.put("clientRoles", clientRoles);
    }

    private static List<Map<String, Object>> credentials(UserModel user, ClientModel client) {
        List<Map<String, Object>> credentials = new ArrayList<>();
        user.credentialManager().getStoredCredentialsStream().forEach(credential -> {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", credential.getType());
            json.put("createdAt", credential.getCreatedDate() == null ? null : Instant.ofEpochMilli(credential.getCreatedDate()).toString());
            credentials.add(json);
        });
        if (client != null && !client.isPublicClient() && client.getSecret() != null) {
            String created = client.getAttribute(SECRET_CREATION_TIME);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", "client-secret");
            json.put("createdAt", created == null || !created.matches("\\d{1,12}") ? null : Instant.ofEpochSecond(Long.parseLong(created)).toString());
            credentials.add(json);
        }
        return credentials;
    }

    /** Last activity as far as it is cheaply known: the newest refresh among the identity's active sessions. */
    private static void activity(KeycloakSession session, RealmModel realm, UserModel user, Map<String, Object> json) {
        List<UserSessionModel> sessions = session.sessions().getUserSessionsStream(realm, user).toList();
        json.put("activeSessions", sessions.size());
        json.put("lastActivity", sessions.stream().mapToLong(UserSessionModel::getLastSessionRefresh).max().stream()
                .mapToObj(seconds -> Instant.ofEpochSecond(seconds).toString()).findFirst().orElse(null));
    }
}
