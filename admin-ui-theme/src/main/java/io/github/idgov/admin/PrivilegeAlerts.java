package io.github.idgov.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.idgov.core.alerts.Alert;
import io.github.idgov.core.alerts.AlertKind;
import io.github.idgov.core.keycloak.AlertLog;
import io.github.idgov.core.keycloak.PrincipalResolver;
import io.github.idgov.core.keycloak.RealmGovernance;
import io.github.idgov.core.keycloak.ServiceAccounts;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * Alerts derived from admin events about non-human identities: privileges added (a realm or client role mapped to
 * it, a group joined, a client scope or role scope mapping added to its client) and credentials changed on its
 * client (certificate generated or uploaded). Read from the admin event in the admin request's transaction; never
 * refuses the change.
 */
final class PrivilegeAlerts {

    private static final Logger LOG = Logger.getLogger(PrivilegeAlerts.class);
    /** Members of a group (with its subgroups) looked at when the group gets a role: bounds the admin request's work. */
    static final int GROUP_MEMBERS_CHECKED = 500;

    private PrivilegeAlerts() {
    }

    static void onAdminEvent(KeycloakSession session, RealmModel realm, AdminEvent event, String by) {
        if (event.getError() != null || event.getResourcePath() == null || !RealmGovernance.mode(realm).isOn()) {
            return;
        }
        String[] path = event.getResourcePath().split("/");
        OperationType operation = event.getOperationType();
        if (path.length < 3 || operation == OperationType.DELETE) {
            return;
        }
        if ("users".equals(path[0])) {
            UserModel user = session.users().getUserById(realm, path[1]);
            if (user != null && machine(user)) {
                onUser(session, realm, user, path, event, by);
            }
        } else if ("groups".equals(path[0]) && "role-mappings".equals(path[2]) && operation == OperationType.CREATE) {
            GroupModel group = realm.getGroupById(path[1]);
            if (group != null) {
                onGroupRoles(session, realm, group, event, by);
            }
        } else if ("clients".equals(path[0])) {
            ClientModel client = realm.getClientById(path[1]);
            UserModel account = ServiceAccounts.of(session, client);
            if (account != null && machine(account)) {
                onClient(session, realm, client, account, path, event, by);
            }
        }
    }

    private static void onUser(KeycloakSession session, RealmModel realm, UserModel user, String[] path, AdminEvent event, String by) {
        if (event.getOperationType() != OperationType.CREATE) {
            return;
        }
        if ("role-mappings".equals(path[2])) {
            Map<String, Object> evidence = evidence(by, "role mapping added", event.getResourcePath());
            evidence.put("roles", roles(event));
            if (path.length >= 5 && "clients".equals(path[3])) {
                ClientModel roleClient = realm.getClientById(path[4]);
                evidence.put("role_client", roleClient == null ? path[4] : roleClient.getClientId());
            }
            alert(session, realm, user, "role added to " + user.getUsername() + " by " + by, evidence);
        } else if ("groups".equals(path[2]) && path.length >= 4) {
            GroupModel group = realm.getGroupById(path[3]);
            Map<String, Object> evidence = evidence(by, "group joined", event.getResourcePath());
            evidence.put("group", group == null ? path[3] : group.getName());
            alert(session, realm, user, user.getUsername() + " added to group " + evidence.get("group") + " by " + by, evidence);
        }
    }

    /**
     * A role given to a group reaches every member, of the group and of its subgroups: each machine among them gets
     * the alert (at most {@value #GROUP_MEMBERS_CHECKED} members are looked at, the evidence says when there were more).
     */
    private static void onGroupRoles(KeycloakSession session, RealmModel realm, GroupModel group, AdminEvent event, String by) {
        List<UserModel> members = new ArrayList<>();
        boolean more = collectMembers(session, realm, group, members);
        for (UserModel member : members) {
            if (!machine(member)) {
                continue;
            }
            Map<String, Object> evidence = evidence(by, "role mapping added to a group of the identity", event.getResourcePath());
            evidence.put("group", group.getName());
            evidence.put("roles", roles(event));
            if (more) {
                evidence.put("members_checked", GROUP_MEMBERS_CHECKED);
            }
            alert(session, realm, member, "role added to group " + group.getName() + " of " + member.getUsername() + " by " + by, evidence);
        }
    }

    /** @return true when the group (with subgroups) has more members than were collected */
    private static boolean collectMembers(KeycloakSession session, RealmModel realm, GroupModel group, List<UserModel> members) {
        int room = GROUP_MEMBERS_CHECKED - members.size();
        List<UserModel> direct = session.users().getGroupMembersStream(realm, group, 0, room + 1).toList();
        members.addAll(direct.subList(0, Math.min(direct.size(), room)));
        if (direct.size() > room) {
            return true;
        }
        for (GroupModel child : group.getSubGroupsStream().toList()) {
            if (collectMembers(session, realm, child, members)) {
                return true;
            }
        }
        return false;
    }

    private static void onClient(KeycloakSession session, RealmModel realm, ClientModel client, UserModel account, String[] path,
                                 AdminEvent event, String by) {
        String what = path[2];
        if (("default-client-scopes".equals(what) || "optional-client-scopes".equals(what)) && path.length >= 4) {
            ClientScopeModel scope = realm.getClientScopeById(path[3]);
            Map<String, Object> evidence = evidence(by, what.replace("-client-scopes", "") + " client scope added", event.getResourcePath());
            evidence.put("client", client.getClientId());
            evidence.put("scope", scope == null ? path[3] : scope.getName());
            alert(session, realm, account, "client scope " + evidence.get("scope") + " added to " + client.getClientId() + " by " + by, evidence);
        } else if ("scope-mappings".equals(what) && event.getOperationType() == OperationType.CREATE) {
            Map<String, Object> evidence = evidence(by, "role scope mapping added", event.getResourcePath());
            evidence.put("client", client.getClientId());
            evidence.put("roles", roles(event));
            alert(session, realm, account, "role scope added to " + client.getClientId() + " by " + by, evidence);
        } else if ("certificates".equals(what)) {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("by", by);
            evidence.put("change", "client certificate or key " + (path.length > 4 ? path[4] : "changed"));
            evidence.put("client", client.getClientId());
            evidence.put("path", event.getResourcePath());
            AlertLog.record(session, realm, new Alert(AlertKind.CREDENTIAL_CHANGE, account.getUsername(),
                    "credential of " + client.getClientId() + " changed by " + by, evidence));
        }
    }

    /** Role names from the event's representation (a list of roles) when the realm records representations. */
    private static List<String> roles(AdminEvent event) {
        List<String> names = new ArrayList<>();
        if (event.getRepresentation() == null) {
            return names;
        }
        try {
            JsonNode node = JsonSerialization.mapper.readTree(event.getRepresentation());
            if (node.isArray()) {
                node.forEach(role -> names.add(role.path("name").asText()));
            }
        } catch (IOException e) {
            LOG.debugf(e, "Role mapping representation not readable: %s", event.getResourcePath());
        }
        return names;
    }

    private static Map<String, Object> evidence(String by, String change, String path) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("by", by);
        evidence.put("change", change);
        evidence.put("path", path);
        return evidence;
    }

    private static void alert(KeycloakSession session, RealmModel realm, UserModel user, String summary, Map<String, Object> evidence) {
        AlertLog.record(session, realm, new Alert(AlertKind.PRIVILEGE_ESCALATION, user.getUsername(), summary, evidence));
    }

    static boolean machine(UserModel user) {
        return PrincipalResolver.identityClass(user).isMachine();
    }
}
