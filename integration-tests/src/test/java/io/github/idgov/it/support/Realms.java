package io.github.idgov.it.support;

import io.github.idgov.it.harness.KeycloakServer;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/** Builds realms for tests: each test class gets its own realm, created through the admin REST API. */
public final class Realms {

    public static final String MODE_ATTRIBUTE = "idgov.mode";
    public static final String PASSWORD = "Test-pass-2026";

    private Realms() {
    }

    /** A realm with an enabled human owner ("olivia"), a disabled human ("dora") and a public app client. */
    public static RealmRepresentation governed(String name, String mode) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        if (mode != null) {
            realm.setAttributes(new HashMap<>(Map.of(MODE_ATTRIBUTE, mode)));
        }
        List<UserRepresentation> users = new ArrayList<>();
        users.add(human("olivia", true));
        users.add(human("dora", false));
        realm.setUsers(users);
        List<ClientRepresentation> clients = new ArrayList<>();
        clients.add(publicApp("app"));
        realm.setClients(clients);
        return realm;
    }

    public static UserRepresentation human(String username, boolean enabled) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@example.org");
        user.setEmailVerified(true);
        user.setFirstName(username);
        user.setLastName("Test");
        user.setEnabled(enabled);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        return user;
    }

    /** A user carrying the given governance attributes (single values). */
    public static UserRepresentation principal(String username, Map<String, String> attributes) {
        UserRepresentation user = human(username, true);
        user.setAttributes(asLists(attributes));
        return user;
    }

    /** The service-account user of a client, imported with the realm so its metadata is there from the start. */
    public static UserRepresentation serviceAccountUser(String clientId, Map<String, String> attributes) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername("service-account-" + clientId);
        user.setEnabled(true);
        user.setServiceAccountClientId(clientId);
        user.setAttributes(asLists(attributes));
        return user;
    }

    public static ClientRepresentation publicApp(String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(true);
        client.setRedirectUris(List.of("http://127.0.0.1/*"));
        return client;
    }

    public static ClientRepresentation serviceClient(String clientId, String secret) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setPublicClient(false);
        client.setSecret(secret);
        client.setServiceAccountsEnabled(true);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        return client;
    }

    /** Complete, valid metadata for a machine of the given class (owner olivia; sponsor olivia for agents). */
    public static Map<String, String> machine(String identityClass) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("identity_class", identityClass);
        attributes.put("identity_owner", "olivia");
        attributes.put("identity_purpose", "integration test " + identityClass);
        attributes.put("identity_expires_at", LocalDate.now().plusDays(30).toString());
        if ("ai-agent".equals(identityClass)) {
            attributes.put("identity_sponsor", "olivia");
        }
        return attributes;
    }

    public static Map<String, List<String>> asLists(Map<String, String> attributes) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        attributes.forEach((k, v) -> lists.put(k, new ArrayList<>(List.of(v))));
        return lists;
    }

    /** Creates the realm (a fresh one: any realm of that name from an earlier run is removed first). */
    public static RealmResource create(KeycloakServer server, RealmRepresentation realm) {
        server.importRealm(realm);
        return server.adminClient().realm(realm.getRealm());
    }

    /**
     * Marks the realm as set up by an older pack ({@code idgov.installed}) in a realm update, which makes the pack
     * refresh its setup; returns the version that was installed before, the one the refresh brings back.
     */
    public static String refreshFromSetup(RealmResource realm, String olderVersion) {
        RealmRepresentation rep = realm.toRepresentation();
        Map<String, String> attributes = new HashMap<>(rep.getAttributes());
        String current = attributes.put("idgov.installed", olderVersion);
        rep.setAttributes(attributes);
        realm.update(rep);
        return current;
    }

    public static String createdId(Response response) {
        try (response) {
            if (response.getStatus() != 201) {
                throw new AssertionError("expected 201, got " + response.getStatus() + ": " + response.readEntity(String.class));
            }
            String path = response.getLocation().getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }
}
