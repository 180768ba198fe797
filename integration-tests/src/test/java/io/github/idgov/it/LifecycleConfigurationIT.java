package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad option of the pack stops Keycloak from starting, with a message naming the option as an administrator writes it. */
class LifecycleConfigurationIT {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--spi-client-policy-executor--idgov-lifecycle-gate--review-grace-days-bot=-1 | Invalid value \"-1\" for option --spi-client-policy-executor--idgov-lifecycle-gate--review-grace-days-bot",
        "--spi-client-policy-executor--idgov-lifecycle-gate--review-cadence-days-ai-agent=ninety | option --spi-client-policy-executor--idgov-lifecycle-gate--review-cadence-days-ai-agent",
        "--spi-events-listener--idgov-lifecycle--orphan-cascade=delete | Invalid value \"delete\" for option --spi-events-listener--idgov-lifecycle--orphan-cascade",
        "--spi-client-policy-executor--idgov-command-limit--tokens-per-minute-bot=lots | Invalid value \"lots\" for option --spi-client-policy-executor--idgov-command-limit--tokens-per-minute-bot",
        "--spi-events-listener--idgov-lifecycle--approval-retention-seconds=-1 | Invalid value \"-1\" for option --spi-events-listener--idgov-lifecycle--approval-retention-seconds",
        // the options' SPI names as Keycloak passes them on: a wrong SPI name would start the server with the default
        "--spi-oauth2-token-exchange--idgov-agent-delegation--max-ttl-seconds=0 | Invalid value \"0\" for option --spi-oauth2-token-exchange--idgov-agent-delegation--max-ttl-seconds",
        "--spi-client-policy-executor--idgov-agent-approval-gate--max-ttl-seconds=-5 | Invalid value \"-5\" for option --spi-client-policy-executor--idgov-agent-approval-gate--max-ttl-seconds",
        "--spi-validator--idgov-governance--expiry-horizon-days-bot=0 | Invalid value \"0\" for option --spi-validator--idgov-governance--expiry-horizon-days-bot",
    })
    void badOptionFailsStartUpNamingIt(String option, String message) throws Exception {
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties("keycloak-bad-config")
                .database(Database.devFile()).freshData(true)
                .startTimeout(java.time.Duration.ofMinutes(10)).startOptions(option);
        distribution.install();
        Throwable failure = catchThrowable(distribution::start);
        try {
            assertThat(failure).isInstanceOf(IllegalStateException.class).hasMessageContaining("before it was ready");
            assertThat(failure.getMessage()).contains(message);
        } finally {
            distribution.stop();
        }
    }
}
