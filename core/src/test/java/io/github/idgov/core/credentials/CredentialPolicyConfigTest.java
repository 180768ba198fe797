package io.github.idgov.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialPolicyConfigTest {

    @Test
    void emptyOrMissingConfigurationIsTheDefaults() {
        assertThat(CredentialPolicyConfig.parse(null).policy()).isEqualTo(CredentialPolicy.defaults());
        assertThat(CredentialPolicyConfig.parse(Map.of()).policy()).isEqualTo(CredentialPolicy.defaults());
        assertThat(CredentialPolicyConfig.parse(Map.of("secret-grace-days", " ")).policy()).isEqualTo(CredentialPolicy.defaults());
    }

    @Test
    void listsAreJsonArraysOrCommaSeparatedStrings() {
        Map<String, Object> config = new HashMap<>();
        config.put("enforcement", "realm");
        config.put("allowed-methods-ai-agent", List.of("client-jwt", "client-secret"));
        config.put("allowed-methods-risk-high", "client-jwt, client-secret");
        config.put("secret-max-age-days-risk-high", 10);
        config.put("secret-grace-days", "0");
        CredentialPolicyConfig.Parsed parsed = CredentialPolicyConfig.parse(config);
        assertThat(parsed.errors()).isEmpty();
        CredentialPolicy p = parsed.policy();
        assertThat(p.enforcement()).isEqualTo(CredentialEnforcement.REALM);
        assertThat(p.allowedMethods(IdentityClass.AI_AGENT, RiskTier.HIGH)).containsExactly("client-secret", "client-jwt");
        assertThat(p.allowedMethods(IdentityClass.AI_AGENT, RiskTier.CRITICAL)).containsExactly("client-jwt");
        assertThat(p.maxSecretAgeDays(IdentityClass.BOT, RiskTier.HIGH)).hasValue(10);
        assertThat(p.graceDays()).isZero();
    }

    @Test
    void eachBadKeyIsNamed() {
        Map<String, Object> config = new HashMap<>();
        config.put("enforcement", "enforce");
        config.put("allowed-methods-bot", List.of("client-secret", "password"));
        config.put("allowed-methods-risk-low", List.of());
        config.put("secret-max-age-days-bot", "-1");
        config.put("secret-grace-days", "seven");
        config.put("allowed-methods-human", "client-jwt");
        CredentialPolicyConfig.Parsed parsed = CredentialPolicyConfig.parse(config);
        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.policy()).isNull();
        assertThat(parsed.errors()).hasSize(6).anySatisfy(e -> assertThat(e).startsWith("enforcement: 'enforce' is not one of realm, monitor"))
                .anySatisfy(e -> assertThat(e).startsWith("allowed-methods-bot: 'password' is not a client authenticator"))
                .anySatisfy(e -> assertThat(e).isEqualTo("allowed-methods-risk-low: at least one method is required"))
                .anySatisfy(e -> assertThat(e).startsWith("secret-max-age-days-bot: '-1' is not a whole number"))
                .anySatisfy(e -> assertThat(e).startsWith("secret-grace-days: 'seven'"))
                .anySatisfy(e -> assertThat(e).startsWith("allowed-methods-human: unknown setting"));
    }

    @Test
    void keysCoverEveryGovernedClassAndTier() {
        assertThat(CredentialPolicyConfig.keys()).hasSize(1 + 3 + 4 + 3 + 4 + 1)
                .contains("allowed-methods-service-account", "allowed-methods-risk-critical", "secret-max-age-days-ai-agent",
                        "secret-max-age-days-risk-low", "secret-grace-days", "enforcement");
    }
}
