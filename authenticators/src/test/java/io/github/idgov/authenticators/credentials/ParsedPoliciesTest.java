package io.github.idgov.authenticators.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.core.credentials.CredentialPolicy;
import io.github.idgov.core.credentials.CredentialPolicyConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParsedPoliciesTest {

    private final ParsedPolicies policies = new ParsedPolicies();
    private final AtomicInteger parses = new AtomicInteger();

    private CredentialPolicy parse(Map<String, Object> config) {
        parses.incrementAndGet();
        return CredentialPolicyConfig.parse(config).policy();
    }

    @Test
    void theSameConfigurationIsParsedOnceEvenInAnotherMapInstance() {
        Map<String, Object> first = new HashMap<>(Map.of("enforcement", "realm", "secret-grace-days", 3));
        CredentialPolicy policy = policies.of(first, this::parse);
        first.put("secret-grace-days", 30); // the caller's map changing later does not change what was cached
        CredentialPolicy again = policies.of(new HashMap<>(Map.of("enforcement", "realm", "secret-grace-days", 3)), this::parse);
        assertThat(again).isSameAs(policy);
        assertThat(parses).hasValue(1);
        assertThat(policy.graceDays()).isEqualTo(3);
    }

    @Test
    void anotherConfigurationIsParsedOnItsOwn() {
        CredentialPolicy three = policies.of(Map.of("secret-grace-days", 3), this::parse);
        CredentialPolicy five = policies.of(Map.of("secret-grace-days", 5), this::parse);
        assertThat(three.graceDays()).isEqualTo(3);
        assertThat(five.graceDays()).isEqualTo(5);
        assertThat(parses).hasValue(2);
    }

    @Test
    void manyConfigurationsStayBoundedAndStillAnswerRight() {
        for (int days = 0; days < 1000; days++) {
            assertThat(policies.of(Map.of("secret-grace-days", days), this::parse).graceDays()).isEqualTo(days);
        }
        assertThat(policies.of(Map.of("allowed-methods-bot", List.of("client-jwt")), this::parse)).isNotNull();
    }
}
