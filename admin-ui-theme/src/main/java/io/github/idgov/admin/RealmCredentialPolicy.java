package io.github.idgov.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.idgov.core.GovernanceContract;
import io.github.idgov.core.credentials.CredentialContract;
import io.github.idgov.core.credentials.CredentialPolicy;
import io.github.idgov.core.credentials.CredentialPolicyConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.idm.ClientPolicyExecutorRepresentation;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientProfileRepresentation;
import org.keycloak.services.clientpolicy.ClientPolicyException;
import org.keycloak.services.clientpolicy.ClientPolicyManager;
import org.keycloak.util.JsonSerialization;

/**
 * The credential policy a realm's token gate applies: the configuration of the {@value CredentialContract#EXECUTOR_ID}
 * executor in the realm's {@value GovernanceContract#LIFECYCLE_CLIENT_POLICY} profile, read for the sweep. Empty when
 * the gate does not run (the pack's client policy removed or disabled by an administrator).
 */
final class RealmCredentialPolicy {

    private static final Logger LOG = Logger.getLogger(RealmCredentialPolicy.class);
    private static final TypeReference<Map<String, Object>> CONFIG = new TypeReference<>() {
    };

    private RealmCredentialPolicy() {
    }

    static Optional<CredentialPolicy> read(KeycloakSession session, RealmModel realm) {
        ClientPolicyManager manager = session.clientPolicy();
        try {
            List<ClientPolicyRepresentation> policies = manager.getClientPolicies(realm, false).getPolicies();
            boolean applied = policies != null && policies.stream()
                    .anyMatch(p -> GovernanceContract.LIFECYCLE_CLIENT_POLICY.equals(p.getName()) && enabled(p));
            if (!applied) {
                return Optional.empty();
            }
            List<ClientProfileRepresentation> profiles = manager.getClientProfiles(realm, false).getProfiles();
            Optional<ClientPolicyExecutorRepresentation> executor = profiles == null ? Optional.empty() : profiles.stream()
                    .filter(p -> GovernanceContract.LIFECYCLE_CLIENT_POLICY.equals(p.getName()))
                    .map(ClientProfileRepresentation::getExecutors).filter(Objects::nonNull).flatMap(List::stream)
                    .filter(e -> CredentialContract.EXECUTOR_ID.equals(e.getExecutorProviderId())).findFirst();
            return executor.flatMap(e -> parse(realm, e.getConfiguration()));
        } catch (ClientPolicyException e) {
            LOG.warnf("Realm %s: client policies unreadable (%s %s); the sweep skips client secret ages this run",
                    realm.getName(), e.getError(), e.getErrorDetail());
            return Optional.empty();
        }
    }

    /** As Keycloak reads it: a policy without the flag is off. */
    private static boolean enabled(ClientPolicyRepresentation policy) {
        return Boolean.TRUE.equals(policy.isEnabled());
    }

    private static Optional<CredentialPolicy> parse(RealmModel realm, JsonNode configuration) {
        Map<String, Object> config = configuration == null || configuration.isNull() ? Map.of()
                : JsonSerialization.mapper.convertValue(configuration, CONFIG);
        CredentialPolicyConfig.Parsed parsed = CredentialPolicyConfig.parse(config);
        if (!parsed.valid()) {
            // Keycloak validates executor configuration when it is saved; a bad one here came around that check
            LOG.warnf("Realm %s: credential policy configuration invalid (%s); the sweep skips client secret ages",
                    realm.getName(), String.join("; ", parsed.errors()));
            return Optional.empty();
        }
        return Optional.of(parsed.policy());
    }
}
