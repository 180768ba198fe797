package io.github.idgov.authenticators.credentials;

import io.github.idgov.core.credentials.CredentialPolicy;
import io.github.idgov.core.credentials.CredentialPolicyConfig;
import org.jboss.logging.Logger;
import org.keycloak.representations.idm.ClientPolicyExecutorConfigurationRepresentation;

/**
 * The executor's configuration as Keycloak stores it in the client profile (a JSON object): read through
 * {@link CredentialPolicyConfig}, so a profile carrying a bad value is refused when saved, with each bad key logged.
 */
public final class CredentialPolicyConfiguration extends ClientPolicyExecutorConfigurationRepresentation {

    private static final Logger LOG = Logger.getLogger(CredentialPolicyConfiguration.class);

    CredentialPolicyConfig.Parsed parsed() {
        return CredentialPolicyConfig.parse(getConfigAsMap());
    }

    @Override
    public boolean validateConfig() {
        CredentialPolicyConfig.Parsed parsed = parsed();
        // Keycloak answers a false here with a generic message; the keys are named in the server log
        parsed.errors().forEach(error -> LOG.warnf("executor %s: refused configuration: %s", CredentialPolicyGateFactory.ID, error));
        return parsed.valid();
    }

    /** The policy of a stored configuration; one that got past validation unreadable keeps the defaults, logged. */
    CredentialPolicy policy() {
        CredentialPolicyConfig.Parsed parsed = parsed();
        if (!parsed.valid()) {
            LOG.errorf("executor %s: stored configuration unreadable (%s); using the defaults", CredentialPolicyGateFactory.ID,
                    String.join("; ", parsed.errors()));
            return CredentialPolicy.defaults();
        }
        return parsed.policy();
    }
}
