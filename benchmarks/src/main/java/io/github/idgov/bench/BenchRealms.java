package io.github.idgov.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.idgov.core.GovernanceContract;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * The two realms of the A/B run. Both hold the same clients and users, with the same stored attributes; they
 * differ only in {@code idgov.mode}. Later issues add their realm configuration to {@link #governed} only
 * (audit listener and sinks, step-up, the delegating agent).
 */
final class BenchRealms {

    static final String BASELINE = "baseline";
    static final String GOVERNED = "governed";

    /** Confidential client with a service account: client credentials. */
    static final String SERVICE_CLIENT = "bench-service";
    static final String SERVICE_SECRET = "bench-service-secret";
    /** Confidential client of the users: password and refresh; its access tokens are audienced to the API. */
    static final String APP_CLIENT = "bench-app";
    static final String APP_SECRET = "bench-app-secret";
    /** Resource server: introspects the app's tokens and exchanges them (standard token exchange). */
    static final String API_CLIENT = "bench-api";
    static final String API_SECRET = "bench-api-secret";

    /** AI agent (issue 6): exchanges the app's user tokens, which name it in may_act (delegated exchange). */
    static final String AGENT_CLIENT = "bench-agent";
    static final String AGENT_SECRET = "bench-agent-secret";

    static final String OWNER = "bench-owner";
    static final String USER_PASSWORD = "Bench-pass-2026";

    private static final String MODE_ATTRIBUTE = "idgov.mode";
    private static final String AUDIT_LISTENER = GovernanceContract.AUDIT_LISTENER_ID;
    private static final String ENVIRONMENT_TAG = "idgov.environment";
    private static final String ENVIRONMENT = "dev";

    private BenchRealms() {
    }

    static RealmRepresentation baseline(int users) {
        return realm(BASELINE, users);
    }

    /** Governance enforced: every token carries identity_class, and the service account's metadata is complete. */
    static RealmRepresentation governed(String name, int users) {
        RealmRepresentation realm = realm(name, users);
        realm.setAttributes(new HashMap<>(Map.of(MODE_ATTRIBUTE, "enforce")));
        return realm;
    }

    /** The username of closed-loop user {@code index} (0-based); each user logs in as its own person. */
    static String username(int index) {
        return String.format("bench-user-%02d", index + 1);
    }

    private static RealmRepresentation realm(String name, int users) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        List<UserRepresentation> people = new ArrayList<>();
        people.add(person(OWNER));
        for (int i = 0; i < users; i++) {
            people.add(person(username(i)));
        }
        people.add(serviceAccount());
        people.add(agentServiceAccount());
        realm.setUsers(people);
        List<ClientRepresentation> clients = new ArrayList<>(List.of(serviceClient(), appClient(), apiClient(), agentClient()));
        // every principal and client in one environment: the environment gate takes its full decision path on every
        // token of the governed realm (and allows it); inert attributes where governance is off
        for (ClientRepresentation client : clients) {
            Map<String, String> attributes = client.getAttributes() == null ? new HashMap<>() : new HashMap<>(client.getAttributes());
            attributes.put(ENVIRONMENT_TAG, ENVIRONMENT);
            client.setAttributes(attributes);
        }
        realm.setClients(clients);
        return realm;
    }

    private static UserRepresentation person(String username) {
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@example.org");
        user.setEmailVerified(true);
        user.setFirstName(username);
        user.setLastName("Bench");
        user.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(USER_PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        user.setAttributes(Map.of("identity_environment", List.of(ENVIRONMENT)));
        return user;
    }

    /** Complete machine metadata, which an enforce realm requires at import (expiry well inside the horizon). */
    private static UserRepresentation serviceAccount() {
        UserRepresentation user = new UserRepresentation();
        user.setUsername("service-account-" + SERVICE_CLIENT);
        user.setEnabled(true);
        user.setServiceAccountClientId(SERVICE_CLIENT);
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("identity_class", List.of("service-account"));
        attributes.put("identity_owner", List.of(OWNER));
        attributes.put("identity_purpose", List.of("Benchmark load: client credentials grant"));
        attributes.put("identity_expires_at", List.of(LocalDate.now().plusDays(90).toString()));
        attributes.put("identity_environment", List.of(ENVIRONMENT));
        attributes.put("identity_risk_tier", List.of("low"));
        unreachableLimits(attributes);
        user.setAttributes(attributes);
        return user;
    }

    /**
     * The load's machines get the highest per-identity limits: every request is still counted (the A/B run pays the
     * limiter's cost) but the load never reaches them, so the governed realm answers tokens, not 429s.
     */
    private static void unreachableLimits(Map<String, List<String>> attributes) {
        attributes.put("identity_rate_limit_tokens_per_minute", List.of("1000000"));
        attributes.put("identity_rate_limit_exchanges_per_hour", List.of("1000000"));
    }

    private static ClientRepresentation serviceClient() {
        ClientRepresentation client = confidential(SERVICE_CLIENT, SERVICE_SECRET);
        client.setServiceAccountsEnabled(true);
        return client;
    }

    private static ClientRepresentation appClient() {
        ClientRepresentation client = confidential(APP_CLIENT, APP_SECRET);
        client.setDirectAccessGrantsEnabled(true);
        // 26.7 introspects and exchanges a token only for a client in its audience.
        ProtocolMapperRepresentation audience = new ProtocolMapperRepresentation();
        audience.setName("audience: " + API_CLIENT);
        audience.setProtocol("openid-connect");
        audience.setProtocolMapper("oidc-audience-mapper");
        audience.setConfig(Map.of("included.client.audience", API_CLIENT, "access.token.claim", "true",
                "introspection.token.claim", "true", "id.token.claim", "false"));
        // the users delegate to the agent: the app's tokens name it in may_act (inert where governance is off)
        ProtocolMapperRepresentation mayAct = new ProtocolMapperRepresentation();
        mayAct.setName("may_act: " + AGENT_CLIENT);
        mayAct.setProtocol("openid-connect");
        mayAct.setProtocolMapper("idgov-may-act");
        mayAct.setConfig(Map.of("agent.client.id", AGENT_CLIENT, "access.token.claim", "true", "introspection.token.claim", "true"));
        client.setProtocolMappers(List.of(audience, mayAct));
        return client;
    }

    private static ClientRepresentation agentClient() {
        ClientRepresentation client = confidential(AGENT_CLIENT, AGENT_SECRET);
        client.setServiceAccountsEnabled(true);
        return client;
    }

    private static UserRepresentation agentServiceAccount() {
        UserRepresentation user = new UserRepresentation();
        user.setUsername("service-account-" + AGENT_CLIENT);
        user.setEnabled(true);
        user.setServiceAccountClientId(AGENT_CLIENT);
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("identity_class", List.of("ai-agent"));
        attributes.put("identity_owner", List.of(OWNER));
        attributes.put("identity_sponsor", List.of(OWNER));
        attributes.put("identity_purpose", List.of("Benchmark load: delegated token exchange"));
        attributes.put("identity_expires_at", List.of(LocalDate.now().plusDays(60).toString()));
        attributes.put("identity_autonomy", List.of("act"));
        attributes.put("identity_environment", List.of(ENVIRONMENT));
        unreachableLimits(attributes);
        user.setAttributes(attributes);
        return user;
    }

    private static ClientRepresentation apiClient() {
        ClientRepresentation client = confidential(API_CLIENT, API_SECRET);
        client.setAttributes(new HashMap<>(Map.of("standard.token.exchange.enabled", "true")));
        return client;
    }

    private static ClientRepresentation confidential(String clientId, String secret) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setEnabled(true);
        client.setProtocol("openid-connect");
        client.setPublicClient(false);
        client.setSecret(secret);
        client.setStandardFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        return client;
    }

    /**
     * The baseline's agent authenticates with a secret, so the governed one does too (same client authentication cost
     * on both sides); the realm's credential policy is told secrets are allowed for agents, so every exchange is
     * checked but none turns into a would-deny record that the baseline does not write.
     */
    static void allowAgentSecret(RealmResource realm) {
        ClientProfilesRepresentation profiles = realm.clientPoliciesProfilesResource().getProfiles(false);
        for (ClientProfileRepresentation profile : profiles.getProfiles()) {
            for (ClientPolicyExecutorRepresentation executor : profile.getExecutors()) {
                if ("idgov-credential-policy".equals(executor.getExecutorProviderId())) {
                    ObjectNode config = JsonNodeFactory.instance.objectNode();
                    config.putArray("allowed-methods-ai-agent").add("client-secret").add("client-jwt");
                    executor.setConfiguration(config);
                }
            }
        }
        profiles.setGlobalProfiles(null);
        realm.clientPoliciesProfilesResource().updateProfiles(profiles);
    }

    /**
     * Leaves only the given controls' executors in the pack's client profile (the gates run as one executor there;
     * each is also an executor of its own). The credential policy keeps the agent-secret configuration above.
     */
    static void onlyControls(RealmResource realm, List<Control> controls) {
        ClientProfilesRepresentation profiles = realm.clientPoliciesProfilesResource().getProfiles(false);
        ClientProfileRepresentation pack = profiles.getProfiles().stream()
                .filter(profile -> profile.getExecutors().stream().anyMatch(e -> GovernanceContract.TOKEN_GATES_ID.equals(e.getExecutorProviderId())))
                .findFirst().orElseThrow(() -> new IllegalStateException("the governed realm has no profile with "
                        + GovernanceContract.TOKEN_GATES_ID + ": " + profiles.getProfiles().stream().map(ClientProfileRepresentation::getName).toList()));
        Map<String, ClientPolicyExecutorRepresentation> installed = new HashMap<>();
        pack.getExecutors().forEach(executor -> installed.put(executor.getExecutorProviderId(), executor));
        List<ClientPolicyExecutorRepresentation> kept = new ArrayList<>();
        for (Control control : controls) {
            ClientPolicyExecutorRepresentation executor = installed.get(control.executor);
            if (executor == null) {
                executor = new ClientPolicyExecutorRepresentation();
                executor.setExecutorProviderId(control.executor);
                executor.setConfiguration(JsonNodeFactory.instance.objectNode());
            }
            kept.add(executor);
        }
        pack.setExecutors(kept);
        profiles.setGlobalProfiles(null);
        realm.clientPoliciesProfilesResource().updateProfiles(profiles);
        List<String> now = realm.clientPoliciesProfilesResource().getProfiles(false).getProfiles().stream()
                .filter(profile -> profile.getName().equals(pack.getName())).findFirst().orElseThrow()
                .getExecutors().stream().map(ClientPolicyExecutorRepresentation::getExecutorProviderId).toList();
        if (!now.equals(controls.stream().map(control -> control.executor).toList())) {
            throw new IllegalStateException("the governed realm's profile " + pack.getName() + " did not take the controls: " + now);
        }
    }

    /**
     * Removes the audit listener the pack added to the governed realm (admins may): the realm keeps enforce mode and
     * every token-time gate, so the run measures the controls without the audit pipeline's outbox write.
     */
    static void withoutAuditListener(RealmResource realm) {
        RealmRepresentation representation = realm.toRepresentation();
        List<String> listeners = new ArrayList<>(representation.getEventsListeners());
        if (!listeners.remove(AUDIT_LISTENER)) {
            throw new IllegalStateException("the governed realm has no " + AUDIT_LISTENER + " listener to remove: " + listeners);
        }
        RealmRepresentation update = new RealmRepresentation();
        update.setEventsListeners(listeners);
        realm.update(update);
        if (realm.toRepresentation().getEventsListeners().contains(AUDIT_LISTENER)) {
            throw new IllegalStateException("the " + AUDIT_LISTENER + " listener came back after its removal");
        }
    }
}
