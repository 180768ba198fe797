package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.testcontainers.DockerClientFactory;

/** The pack on the official Keycloak image (testcontainers-keycloak); skips where no Docker engine runs. */
final class ContainerSmokeIT {

    private static final String IMAGE = "quay.io/keycloak/keycloak:" + System.getProperty("idgov.keycloak.version", "26.7.3");

    private static boolean docker;

    @BeforeAll
    static void detectDocker() {
        try {
            docker = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            docker = false;
        }
    }

    // Per test, not in @BeforeAll, so the reports count the test as skipped.
    @BeforeEach
    void requireDocker() {
        if (!docker) {
            String reason = "No Docker engine available; skipping ContainerSmokeIT (" + IMAGE + ")";
            System.err.println("[idgov] " + reason);
            Assumptions.abort(reason);
        }
    }

    @Test
    void imageWithPackListsIdentityClassMapper() {
        File pack = new File(System.getProperty("idgov.pack.jar"));
        try (KeycloakContainer keycloak = new KeycloakContainer(IMAGE).withProviderLibsFrom(List.of(pack))) {
            keycloak.start();
            try (Keycloak admin = KeycloakBuilder.builder().serverUrl(keycloak.getAuthServerUrl()).realm("master")
                    .clientId("admin-cli").username(keycloak.getAdminUsername()).password(keycloak.getAdminPassword())
                    .build()) {
                ServerInfoRepresentation info = admin.serverInfo().getInfo();

                assertThat(info.getProviders().get("protocol-mapper").getProviders()).containsKey("idgov-identity-class");
            }
        }
    }
}
