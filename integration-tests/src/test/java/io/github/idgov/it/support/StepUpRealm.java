package io.github.idgov.it.support;

import io.github.idgov.it.harness.KeycloakServer;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * A governed realm for step-up tests: sensitive client scopes created through the admin API (realm import would
 * replace Keycloak's default scopes), people with and without an OTP credential, and the clients the bypass tests
 * use: {@code app}, {@code app2}, {@code app-stock-flow} (routed to Keycloak's built-in browser flow), {@code tv}
 * (device grant, built-in flow) and {@code exchanger} (confidential, standard token exchange).
 */
public final class StepUpRealm {

    public static final String LEVEL_ATTRIBUTE = "idgov.step-up.level";
    public static final String MAX_AGE_ATTRIBUTE = "idgov.step-up.max-age";
    public static final String EXCHANGER_SECRET = "stepup-exchanger-secret";
    public static final List<String> BROWSER_CLIENTS = List.of("app", "app2", "app-stock-flow");

    private StepUpRealm() {
    }

    /** The secret Keycloak keeps for a user's OTP credential (test data; the HMAC key is its UTF-8 bytes). */
    public static String otpSecret(String username) {
        return "otp-secret-of-" + username + "-2026";
    }

    public static RealmResource create(KeycloakServer server, String name, String mode, URI redirect, List<String> usersWithOtp,
                                       List<String> usersWithoutOtp, Map<String, Integer> sensitiveScopeMaxAges) {
        return create(server, name, mode, redirect, usersWithOtp, usersWithoutOtp, sensitiveScopeMaxAges, realm -> { });
    }

    /**
     * The same, with {@code extend} adding to the representation before import (more clients, users, attributes);
     * the sensitive scopes are made optional scopes of every client the realm then has.
     */
    public static RealmResource create(KeycloakServer server, String name, String mode, URI redirect, List<String> usersWithOtp,
                                       List<String> usersWithoutOtp, Map<String, Integer> sensitiveScopeMaxAges,
                                       Consumer<RealmRepresentation> extend) {
        RealmRepresentation realm = Realms.governed(name, mode);
        realm.setEventsEnabled(true);
        List<UserRepresentation> users = new ArrayList<>(realm.getUsers());
        usersWithOtp.forEach(u -> users.add(withOtp(Realms.human(u, true), otpSecret(u))));
        usersWithoutOtp.forEach(u -> users.add(Realms.human(u, true)));
        realm.setUsers(users);
        List<ClientRepresentation> clients = new ArrayList<>();
        for (String clientId : BROWSER_CLIENTS) {
            ClientRepresentation client = Realms.publicApp(clientId);
            client.setRedirectUris(List.of(redirect.toString()));
            client.setProtocolMappers(List.of(exchangerAudience()));
            clients.add(client);
        }
        ClientRepresentation tv = Realms.publicApp("tv");
        tv.setStandardFlowEnabled(false);
        tv.setAttributes(new HashMap<>(Map.of("oauth2.device.authorization.grant.enabled", "true")));
        clients.add(tv);
        ClientRepresentation exchanger = Realms.serviceClient("exchanger", EXCHANGER_SECRET);
        exchanger.setServiceAccountsEnabled(false);
        exchanger.setAttributes(new HashMap<>(Map.of("standard.token.exchange.enabled", "true")));
        clients.add(exchanger);
        realm.setClients(clients);
        extend.accept(realm);
        RealmResource resource = Realms.create(server, realm);

        List<String> clientIds = realm.getClients().stream().map(ClientRepresentation::getClientId).toList();
        sensitiveScopeMaxAges.forEach((scope, maxAge) -> {
            String scopeId = createScope(resource, scope, Map.of(LEVEL_ATTRIBUTE, "2", MAX_AGE_ATTRIBUTE, String.valueOf(maxAge)));
            for (String clientId : clientIds) {
                String id = resource.clients().findByClientId(clientId).get(0).getId();
                resource.clients().get(id).addOptionalClientScope(scopeId);
            }
        });
        // an administrator routes these clients around the pack's browser flow, to Keycloak's built-in one
        FlowBindings.overrideBrowserFlow(resource, "app-stock-flow", "browser");
        FlowBindings.overrideBrowserFlow(resource, "tv", "browser");
        return resource;
    }

    public static String createScope(RealmResource realm, String name, Map<String, String> attributes) {
        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName(name);
        scope.setProtocol("openid-connect");
        Map<String, String> all = new HashMap<>(attributes);
        all.put("include.in.token.scope", "true");
        scope.setAttributes(all);
        return Realms.createdId(realm.clientScopes().create(scope));
    }

    /** Standard token exchange takes only tokens whose audience names the requester. */
    private static ProtocolMapperRepresentation exchangerAudience() {
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("exchanger audience");
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", "exchanger", "access.token.claim", "true",
                "id.token.claim", "false"));
        return audience;
    }

    /** The user with an OTP credential whose secret is {@code secret} (as Keycloak stores one enrolled by the user). */
    public static UserRepresentation withOtp(UserRepresentation user, String secret) {
        CredentialRepresentation otp = new CredentialRepresentation();
        otp.setType("otp");
        otp.setUserLabel("phone");
        otp.setSecretData("{\"value\":\"" + secret + "\"}");
        otp.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        List<CredentialRepresentation> credentials = new ArrayList<>(user.getCredentials());
        credentials.add(otp);
        user.setCredentials(credentials);
        return user;
    }
}
