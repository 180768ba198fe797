package io.github.idgov.it.support;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * A realm for agent delegation: people (alice; sam, sponsor of agent-s), an application "app" whose users can
 * delegate to agents (per-agent scopes {@code delegate:<agent>} carrying may_act), scopes marked with autonomy tiers
 * ({@code orders:read} observe with audience orders-api, {@code orders:suggest} recommend, {@code orders:write} act,
 * {@code payments:execute} act and irreversible, {@code hr:read} observe but assigned to no agent), and ai-agents.
 */
public final class DelegationRealm {

    public static final String SECRET = "delegation-it-secret";
    public static final List<String> AGENTS = List.of("agent", "agent2", "agent-x", "agent-s");

    private DelegationRealm() {
    }

    public static RealmRepresentation representation(String name, String mode) {
        RealmRepresentation realm = Realms.governed(name, mode);
        realm.setAccessTokenLifespan(600);
        realm.setEventsEnabled(true);
        realm.getUsers().add(Realms.human("alice", true));
        realm.getUsers().add(Realms.human("sam", true));
        realm.getUsers().add(Realms.human("bob", true));
        realm.getUsers().add(Realms.human("carol", true));
        ClientRepresentation shortLived = Realms.publicApp("app-short");
        shortLived.setAttributes(new HashMap<>(Map.of("access.token.lifespan", "60")));
        realm.getClients().add(shortLived);
        ClientRepresentation instant = Realms.publicApp("app-instant");
        instant.setAttributes(new HashMap<>(Map.of("access.token.lifespan", "2")));
        realm.getClients().add(instant);
        // an app whose tokens name the agent in their audience (not in may_act): what Keycloak's own exchange accepts
        ClientRepresentation audienceApp = Realms.publicApp("app-aud");
        audienceApp.setProtocolMappers(new ArrayList<>(List.of(audience("agent"))));
        realm.getClients().add(audienceApp);
        for (String agent : AGENTS) {
            ClientRepresentation client = Realms.serviceClient(agent, SECRET);
            client.setStandardFlowEnabled(true); // a user's browser login into the agent's own client
            client.setRedirectUris(List.of("http://127.0.0.1/*"));
            client.setDirectAccessGrantsEnabled("agent2".equals(agent)); // switched on, so the pack's own refusal shows
            realm.getClients().add(client);
            Map<String, String> attributes = new LinkedHashMap<>(Realms.machine("ai-agent"));
            attributes.put("identity_autonomy", "recommend");
            if ("agent-s".equals(agent)) {
                attributes.put("identity_sponsor", "sam");
            }
            realm.getUsers().add(Realms.serviceAccountUser(agent, attributes));
        }
        for (String api : List.of("orders-api", "billing-api")) { // resource servers: audiences, no principals
            ClientRepresentation server = Realms.serviceClient(api, SECRET);
            server.setServiceAccountsEnabled(false);
            realm.getClients().add(server);
        }
        realm.getClients().add(Realms.serviceClient("plain-svc", SECRET));
        realm.getUsers().add(Realms.serviceAccountUser("plain-svc", Realms.machine("service-account")));
        return realm;
    }

    /** Creates the scopes and assigns them (after import, so the realm keeps Keycloak's default scopes). */
    public static void configure(RealmResource realm) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("orders:read", scope(realm, "orders:read", "observe", false, audience("orders-api")));
        ids.put("orders:suggest", scope(realm, "orders:suggest", "recommend", false, null));
        ids.put("orders:write", scope(realm, "orders:write", "act", false, null));
        ids.put("payments:execute", scope(realm, "payments:execute", "act", true, null));
        ids.put("hr:read", scope(realm, "hr:read", "observe", false, null));
        for (String agent : AGENTS) {
            ids.put("delegate:" + agent, scope(realm, "delegate:" + agent, "observe", false, mayAct(agent)));
        }
        for (String app : List.of("app", "app-short", "app-instant")) {
            ids.values().forEach(id -> client(realm, app).addOptionalClientScope(id));
        }
        for (String scope : List.of("orders:read", "orders:suggest", "orders:write", "payments:execute", "delegate:agent2")) {
            client(realm, "agent").addOptionalClientScope(ids.get(scope));
        }
        for (String agent : List.of("agent2", "agent-x", "agent-s")) {
            client(realm, agent).addOptionalClientScope(ids.get("orders:read"));
            client(realm, agent).addOptionalClientScope(ids.get("orders:suggest"));
        }
    }

    public static String scopeId(RealmResource realm, String name) {
        return realm.clientScopes().findAll().stream().filter(s -> name.equals(s.getName())).findFirst().orElseThrow().getId();
    }

    /** A client scope marked with a tier whose mapper adds an audience (what a dropped scope must take with it). */
    public static String tieredScopeWithAudience(RealmResource realm, String name, String tier, String audience) {
        return scope(realm, name, tier, false, audience(audience));
    }

    /**
     * A client scope whose hardcoded-claim mapper puts {@code claim} into the access token, the ID token, userinfo and
     * introspection (what a dropped scope must not bring back anywhere); {@code tier} null leaves the scope unmarked.
     */
    public static String scopeWithClaim(RealmResource realm, String name, String tier, String claim) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("claim " + claim);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-hardcoded-claim-mapper");
        mapper.setConfig(new HashMap<>(Map.of("claim.name", claim, "claim.value", "leaked", "jsonType.label", "String",
                "access.token.claim", "true", "id.token.claim", "true", "userinfo.token.claim", "true",
                "introspection.token.claim", "true")));
        return scope(realm, name, tier, false, mapper);
    }

    /** Adds an audience mapper to an existing client scope: a resource server its tokens are for (and can introspect). */
    public static void addAudience(RealmResource realm, String scopeName, String audience) {
        realm.clientScopes().get(scopeId(realm, scopeName)).getProtocolMappers().createMapper(audience(audience)).close();
    }

    public static ClientResource client(RealmResource realm, String clientId) {
        return realm.clients().get(realm.clients().findByClientId(clientId).get(0).getId());
    }

    private static String scope(RealmResource realm, String name, String tier, boolean irreversible, ProtocolMapperRepresentation mapper) {
        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName(name);
        scope.setProtocol("openid-connect");
        Map<String, String> attributes = new HashMap<>();
        attributes.put("include.in.token.scope", "true");
        attributes.put("display.on.consent.screen", "true");
        if (tier != null) {
            attributes.put("idgov.autonomy-tier", tier);
        }
        if (irreversible) {
            attributes.put("idgov.irreversible", "true");
        }
        scope.setAttributes(attributes);
        if (mapper != null) {
            scope.setProtocolMappers(new ArrayList<>(List.of(mapper)));
        }
        return Realms.createdId(realm.clientScopes().create(scope));
    }

    private static ProtocolMapperRepresentation audience(String clientId) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("audience " + clientId);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("oidc-audience-mapper");
        mapper.setConfig(new HashMap<>(Map.of("included.client.audience", clientId, "access.token.claim", "true",
                "introspection.token.claim", "true")));
        return mapper;
    }

    private static ProtocolMapperRepresentation mayAct(String agent) {
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("may_act " + agent);
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("idgov-may-act");
        mapper.setConfig(new HashMap<>(Map.of("agent.client.id", agent, "access.token.claim", "true",
                "introspection.token.claim", "true")));
        return mapper;
    }
}
