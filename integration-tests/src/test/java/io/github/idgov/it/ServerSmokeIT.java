package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.info.ServerInfoRepresentation;

/** The harness starts Keycloak with the pack installed and the pack's providers are registered. */
@ExtendWith(KeycloakServerExtension.class)
final class ServerSmokeIT {

    @Test
    void managementReadyEndpointAnswers(KeycloakServer server) {
        assertThat(server.readyStatus()).isEqualTo(200);
    }

    @Test
    void identityClassMapperIsRegistered(KeycloakServer server) {
        ServerInfoRepresentation info = server.adminClient().serverInfo().getInfo();

        assertThat(info.getProviders()).containsKey("protocol-mapper");
        assertThat(info.getProviders().get("protocol-mapper").getProviders()).containsKey("idgov-identity-class");
    }
}
