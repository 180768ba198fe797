package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bad audit sink configuration stops Keycloak at start-up with a message naming the option. */
@ExtendWith(KeycloakServerExtension.class)
class AuditStartupConfigIT {

    @Test
    void fileSinkWithoutCheckpointKeyStopsStartUpNamingTheOption(KeycloakServer shared) throws Exception {
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties("keycloak-badconfig")
                .database(Database.devFile()).freshData(true)
                .startOptions("--spi-events-listener--idgov-audit--sinks=log,file",
                        "--spi-events-listener--idgov-audit--file-path=" + shared.home().resolveSibling("badconfig-audit.jsonl"));
        distribution.install();
        Throwable failure = catchThrowable(distribution::start);
        try {
            assertThat(failure).as("start-up must fail").isNotNull();
            assertThat(failure.getMessage()).contains("--spi-events-listener--idgov-audit--checkpoint-key is required");
            assertThat(distribution.isRunning()).isFalse();
        } finally {
            distribution.stop();
        }
    }
}
