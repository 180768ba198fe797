package io.github.idgov.admin;

import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.credentials.CredentialContract;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelException;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPoliciesRepresentation;
import org.keycloak.representations.idm.ClientPolicyConditionRepresentation;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.representations.idm.ClientProfilesRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.util.JsonSerialization;

/**
 * The realm client profile and client policy (both named {@value GovernanceContract#LIFECYCLE_CLIENT_POLICY}) that run
 * the pack's gates on every token request of every client: condition {@value GovernanceContract#GATED_EVENTS_CONDITION_ID}
 * (the events the gates act on), executors
 * {@value CredentialContract#EXECUTOR_ID} and {@value GovernanceContract#TOKEN_GATES_ID}. The realm's own profiles and
 * policies are kept as they are.
 */
final class LifecycleClientPolicy {

    private LifecycleClientPolicy() {
    }

    static void install(KeycloakSession session, RealmModel realm) {
        ClientPolicyManager manager = session.clientPolicy();
        try {
            ClientProfilesRepresentation profiles = manager.getClientProfiles(realm, false);
            Map<String, JsonNode> configured = executorConfigurations(profiles.getProfiles());
            List<ClientProfileRepresentation> profileList = withoutOurs(profiles.getProfiles(), ClientProfileRepresentation::getName);
            profileList.add(profile(configured));
            profiles.setProfiles(profileList);
            profiles.setGlobalProfiles(null);
            manager.updateClientProfiles(realm, profiles);

            ClientPoliciesRepresentation policies = manager.getClientPolicies(realm, false);
            List<ClientPolicyRepresentation> policyList = withoutOurs(policies.getPolicies(), ClientPolicyRepresentation::getName);
            policyList.add(policy());
            policies.setPolicies(policyList);
            policies.setGlobalPolicies(null);
            manager.updateClientPolicies(realm, policies);
        } catch (ClientPolicyException e) {
            throw new ModelException("Realm '" + realm.getName() + "': cannot install client policy "
                    + GovernanceContract.LIFECYCLE_CLIENT_POLICY + ": " + e.getError() + " " + e.getErrorDetail(), e);
        }
    }

    static void uninstall(KeycloakSession session, RealmModel realm) {
        ClientPolicyManager manager = session.clientPolicy();
        try {
            ClientPoliciesRepresentation policies = manager.getClientPolicies(realm, false);
            policies.setPolicies(withoutOurs(policies.getPolicies(), ClientPolicyRepresentation::getName));
            policies.setGlobalPolicies(null);
            manager.updateClientPolicies(realm, policies);

            ClientProfilesRepresentation profiles = manager.getClientProfiles(realm, false);
            profiles.setProfiles(withoutOurs(profiles.getProfiles(), ClientProfileRepresentation::getName));
            profiles.setGlobalProfiles(null);
            manager.updateClientProfiles(realm, profiles);
        } catch (ClientPolicyException e) {
            throw new ModelException("Realm '" + realm.getName() + "': cannot remove client policy "
                    + GovernanceContract.LIFECYCLE_CLIENT_POLICY + ": " + e.getError() + " " + e.getErrorDetail(), e);
        }
    }

    private static <T> List<T> withoutOurs(List<T> existing, java.util.function.Function<T, String> name) {
        List<T> kept = new ArrayList<>(existing == null ? List.of() : existing);
        kept.removeIf(item -> GovernanceContract.LIFECYCLE_CLIENT_POLICY.equals(name.apply(item)));
        return kept;
    }

    /** The configuration an administrator gave our executors (e.g. the credential policy), kept across a reinstall. */
    private static Map<String, JsonNode> executorConfigurations(List<ClientProfileRepresentation> existing) {
        Map<String, JsonNode> configured = new HashMap<>();
        for (ClientProfileRepresentation profile : existing == null ? List.<ClientProfileRepresentation>of() : existing) {
            if (GovernanceContract.LIFECYCLE_CLIENT_POLICY.equals(profile.getName()) && profile.getExecutors() != null) {
                profile.getExecutors().stream().filter(e -> e.getConfiguration() != null)
                        .forEach(e -> configured.put(e.getExecutorProviderId(), e.getConfiguration()));
            }
        }
        return configured;
    }

    private static ClientProfileRepresentation profile(Map<String, JsonNode> configured) {
        ClientProfileRepresentation profile = new ClientProfileRepresentation();
        profile.setName(GovernanceContract.LIFECYCLE_CLIENT_POLICY);
        profile.setDescription("Identity governance token gates (installed by the identity governance pack)");
        // the credential policy (configured per realm) decides first whether the client may authenticate this way;
        // the other gates run inside one executor: the framework builds and configures each executor per event
        profile.setExecutors(Stream.of(CredentialContract.EXECUTOR_ID, GovernanceContract.TOKEN_GATES_ID)
                .map(id -> executor(id, configured.get(id))).toList());
        return profile;
    }

    private static ClientPolicyExecutorRepresentation executor(String providerId, JsonNode configuration) {
        ClientPolicyExecutorRepresentation executor = new ClientPolicyExecutorRepresentation();
        executor.setExecutorProviderId(providerId);
        executor.setConfiguration(configuration != null ? configuration : JsonSerialization.createObjectNode());
        return executor;
    }

    private static ClientPolicyRepresentation policy() {
        ClientPolicyConditionRepresentation condition = new ClientPolicyConditionRepresentation();
        // not any-client: on an event no gate acts on, Keycloak then skips the profile and its executors
        condition.setConditionProviderId(GovernanceContract.GATED_EVENTS_CONDITION_ID);
        condition.setConfiguration(JsonSerialization.createObjectNode());
        ClientPolicyRepresentation policy = new ClientPolicyRepresentation();
        policy.setName(GovernanceContract.LIFECYCLE_CLIENT_POLICY);
        // short: Keycloak parses the realm's policies for every client-policy event of every request
        policy.setDescription("Identity governance token gates (installed by the identity governance pack)");
        policy.setEnabled(true);
        policy.setConditions(List.of(condition));
        policy.setProfiles(List.of(GovernanceContract.LIFECYCLE_CLIENT_POLICY));
        return policy;
    }
}
