package io.github.idgov.core.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.GovernanceMode;
import io.github.idgov.core.IdentityClass;
import io.github.idgov.core.RiskTier;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CredentialPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private final CredentialPolicy defaults = CredentialPolicy.defaults();

    private static CredentialSubject subject(IdentityClass c, RiskTier t) {
        return new CredentialSubject("svc", "service-account-svc", c, t);
    }

    @Test
    void agentsAndHighTiersGetKeyBasedMethodsOnlyByDefault() {
        List<String> keyBased = CredentialContract.KEY_BASED_METHODS;
        for (RiskTier tier : RiskTier.values()) {
            assertThat(defaults.allowedMethods(IdentityClass.AI_AGENT, tier)).containsExactlyElementsOf(keyBased);
        }
        for (IdentityClass c : List.of(IdentityClass.SERVICE_ACCOUNT, IdentityClass.BOT)) {
            assertThat(defaults.allowedMethods(c, RiskTier.HIGH)).containsExactlyElementsOf(keyBased);
            assertThat(defaults.allowedMethods(c, RiskTier.CRITICAL)).containsExactlyElementsOf(keyBased);
            assertThat(defaults.allowedMethods(c, RiskTier.LOW)).containsExactlyElementsOf(CredentialContract.METHODS);
            assertThat(defaults.allowedMethods(c, RiskTier.MEDIUM)).containsExactlyElementsOf(CredentialContract.METHODS);
        }
        assertThat(defaults.enforcement()).isEqualTo(CredentialEnforcement.MONITOR);
    }

    @ParameterizedTest
    @EnumSource(RiskTier.class)
    void humansAreNotGoverned(RiskTier tier) {
        assertThat(defaults.checkMethod(subject(IdentityClass.HUMAN, tier), "client-secret")).isEmpty();
        assertThat(defaults.maxSecretAgeDays(IdentityClass.HUMAN, tier)).isEmpty();
    }

    @Test
    void aRefusedMethodNamesTheFieldTheClientItsClassAndWhatIsAllowed() {
        List<CredentialFinding> findings = defaults.checkMethod(subject(IdentityClass.AI_AGENT, RiskTier.MEDIUM), "client-secret");
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.policy()).isEqualTo(CredentialContract.POLICY_METHOD);
            assertThat(f.field()).isEqualTo("clientAuthenticatorType");
            assertThat(f.reason()).contains("client svc (ai-agent/medium) authenticates with client-secret")
                    .contains("allowed for ai-agent/medium: client-jwt, client-x509, federated-jwt");
        });
        assertThat(defaults.checkMethod(subject(IdentityClass.AI_AGENT, RiskTier.MEDIUM), "client-secret-jwt")).hasSize(1);
        assertThat(defaults.checkMethod(subject(IdentityClass.AI_AGENT, RiskTier.MEDIUM), "federated-jwt")).isEmpty();
    }

    @Test
    void secretMaximumIsTheStricterOfClassAndTier() {
        assertThat(defaults.maxSecretAgeDays(IdentityClass.SERVICE_ACCOUNT, RiskTier.LOW)).hasValue(90);
        assertThat(defaults.maxSecretAgeDays(IdentityClass.BOT, RiskTier.HIGH)).hasValue(30);
        CredentialPolicy p = CredentialPolicyConfig.parse(Map.of("secret-max-age-days-service-account", "0",
                "secret-max-age-days-risk-low", "0")).policy();
        assertThat(p.maxSecretAgeDays(IdentityClass.SERVICE_ACCOUNT, RiskTier.LOW)).isEmpty();
        assertThat(p.maxSecretAgeDays(IdentityClass.SERVICE_ACCOUNT, RiskTier.MEDIUM)).hasValue(90);
    }

    @Test
    void secretIsRefusedFromMaximumPlusGraceOnAndNotBefore() {
        CredentialSubject svc = subject(IdentityClass.SERVICE_ACCOUNT, RiskTier.MEDIUM);
        Instant limit = NOW.minus(Duration.ofDays(90 + 7));
        assertThat(defaults.check(svc, "client-secret", limit.plusSeconds(1), NOW)).isEmpty();
        assertThat(defaults.check(svc, "client-secret", limit, NOW)).singleElement().satisfies(f -> {
            assertThat(f.policy()).isEqualTo(CredentialContract.POLICY_SECRET_AGE);
            assertThat(f.reason()).contains("is 97 days old").contains("maximum 90 days + 7 days grace").contains("regenerate");
        });
        assertThat(defaults.check(svc, "client-secret-jwt", limit.minusSeconds(86_400), NOW)).hasSize(1);
        // a key-based method has no secret to age
        assertThat(defaults.check(svc, "client-jwt", limit.minusSeconds(86_400), NOW)).isEmpty();
        // no secret age when the method is refused already: one finding, the method
        assertThat(defaults.check(subject(IdentityClass.AI_AGENT, RiskTier.LOW), "client-secret", limit, NOW))
                .extracting(CredentialFinding::policy).containsExactly(CredentialContract.POLICY_METHOD);
    }

    @Test
    void secretAgeIsPastMaximumDuringTheGraceThenRefused() {
        CredentialSubject svc = subject(IdentityClass.SERVICE_ACCOUNT, RiskTier.MEDIUM);
        Instant maximum = NOW.minus(Duration.ofDays(90));
        assertThat(defaults.secretAge(svc, maximum.plusSeconds(1), NOW)).isEmpty();
        assertThat(defaults.secretAge(svc, maximum, NOW)).hasValueSatisfying(age -> {
            assertThat(age.stage()).isEqualTo(SecretAge.Stage.PAST_MAXIMUM);
            assertThat(age.refusedFrom()).isEqualTo(NOW.plus(Duration.ofDays(7)));
            assertThat(age.finding().policy()).isEqualTo(CredentialContract.POLICY_SECRET_AGE);
            assertThat(age.finding().reason()).contains("client secret of svc (service-account/medium) is 90 days old")
                    .contains("refused from 2026-12-06, regenerate the secret before then");
        });
        Instant refused = NOW.minus(Duration.ofDays(97));
        assertThat(defaults.secretAge(svc, refused, NOW)).hasValueSatisfying(age -> {
            assertThat(age.stage()).isEqualTo(SecretAge.Stage.REFUSED);
            // the sweep's refused finding is the token gate's, word for word
            assertThat(age.finding()).isEqualTo(defaults.check(svc, "client-secret", refused, NOW).get(0));
        });
        assertThat(defaults.secretAge(svc, null, NOW)).as("no issue time recorded").isEmpty();
        assertThat(defaults.secretAge(subject(IdentityClass.HUMAN, RiskTier.MEDIUM), refused, NOW)).as("humans are not governed").isEmpty();
    }

    @Test
    void monitorEnforcementNeverMakesARealmStricter() {
        assertThat(CredentialEnforcement.MONITOR.effective(GovernanceMode.ENFORCE)).isEqualTo(GovernanceMode.MONITOR);
        assertThat(CredentialEnforcement.MONITOR.effective(GovernanceMode.OFF)).isEqualTo(GovernanceMode.OFF);
        assertThat(CredentialEnforcement.REALM.effective(GovernanceMode.ENFORCE)).isEqualTo(GovernanceMode.ENFORCE);
        assertThat(CredentialEnforcement.REALM.effective(GovernanceMode.MONITOR)).isEqualTo(GovernanceMode.MONITOR);
    }
}
