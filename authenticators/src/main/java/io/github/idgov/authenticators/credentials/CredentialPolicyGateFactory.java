package io.github.idgov.authenticators.credentials;

import io.github.idgov.authenticators.GovernanceExecutorFactory;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;
import io.github.idgov.core.credentials.CredentialContract;
import io.github.idgov.core.credentials.CredentialEnforcement;
import io.github.idgov.core.credentials.CredentialPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.clientpolicy.ClientPolicyEvent;
import org.keycloak.services.clientpolicy.executor.ClientPolicyExecutorProvider;

/**
 * Client-policy executor {@value #ID}: the credential policy by identity class and risk tier, checked when a
 * client's configuration is saved and when a client authenticates for a token. Configured per realm on the
 * executor in the {@code idgov-lifecycle} client profile (Realm settings, Client policies, Profiles).
 */
public final class CredentialPolicyGateFactory implements GovernanceExecutorFactory {

    public static final String ID = CredentialContract.EXECUTOR_ID;

    private final ParsedPolicies policies = new ParsedPolicies();

    @Override
    public ClientPolicyExecutorProvider create(KeycloakSession session) {
        return new CredentialPolicyGate(session, policies, Clock.systemUTC());
    }

    @Override
    public Set<ClientPolicyEvent> gatedEvents(KeycloakSessionFactory factory) {
        return CredentialPolicyGate.EVENTS;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getHelpText() {
        return "Identity governance: which client authentication methods a machine may use and how old its client secret may get, "
                + "by identity class and risk tier of the client's service account. Checked when a client is saved (400 naming "
                + "clientAuthenticatorType) and when a client requests a token (invalid_client).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new ArrayList<>();
        ProviderConfigProperty enforcement = new ProviderConfigProperty(CredentialContract.CONFIG_ENFORCEMENT, "Enforcement",
                "realm: follow the realm's governance mode (enforce refuses). monitor: record would-deny decisions only, "
                        + "while machines move to keys or workload identity.",
                ProviderConfigProperty.LIST_TYPE, CredentialEnforcement.DEFAULT.value());
        enforcement.setOptions(Arrays.stream(CredentialEnforcement.values()).map(CredentialEnforcement::value).toList());
        properties.add(enforcement);
        for (IdentityClass c : CredentialPolicy.CLASSES) {
            properties.add(methods(CredentialContract.CONFIG_METHODS_PREFIX + c.value(), "Methods for " + c.value(),
                    "Client authentication methods a " + c.value() + " may use (also allowed by its risk tier).",
                    CredentialPolicy.defaultMethods(c)));
        }
        for (RiskTier t : RiskTier.values()) {
            properties.add(methods(CredentialContract.CONFIG_METHODS_RISK_PREFIX + t.value(), "Methods at risk " + t.value(),
                    "Client authentication methods allowed at risk tier " + t.value() + " (also allowed by the class).",
                    CredentialPolicy.defaultMethods(t)));
        }
        for (IdentityClass c : CredentialPolicy.CLASSES) {
            properties.add(days(CredentialContract.CONFIG_MAX_AGE_PREFIX + c.value(), "Secret max age, " + c.value() + " (days)",
                    "Maximum age of a " + c.value() + "'s client secret; the stricter of class and tier applies. 0 = no maximum.",
                    CredentialPolicy.defaultMaxAgeDays(c)));
        }
        for (RiskTier t : RiskTier.values()) {
            properties.add(days(CredentialContract.CONFIG_MAX_AGE_RISK_PREFIX + t.value(), "Secret max age, risk " + t.value() + " (days)",
                    "Maximum age of a client secret at risk tier " + t.value() + "; the stricter of class and tier applies. 0 = no maximum.",
                    CredentialPolicy.defaultMaxAgeDays(t)));
        }
        properties.add(days(CredentialContract.CONFIG_GRACE, "Secret grace (days)",
                "Days past the maximum age a secret still works, for rotation.", CredentialPolicy.DEFAULT_GRACE_DAYS));
        return properties;
    }

    private static ProviderConfigProperty methods(String name, String label, String help, Iterable<String> defaults) {
        List<String> values = new ArrayList<>();
        defaults.forEach(values::add);
        ProviderConfigProperty property = new ProviderConfigProperty(name, label, help, ProviderConfigProperty.MULTIVALUED_LIST_TYPE, values);
        property.setOptions(CredentialContract.METHODS);
        return property;
    }

    private static ProviderConfigProperty days(String name, String label, String help, int defaultDays) {
        return new ProviderConfigProperty(name, label, help, ProviderConfigProperty.STRING_TYPE, String.valueOf(defaultDays));
    }
}
