package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.AdminErrors;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import jakarta.ws.rs.BadRequestException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/** The realm's governance mode: set through the admin REST API and realm import, validated, and acted on. */
@ExtendWith(KeycloakServerExtension.class)
class GovernanceModeIT {

    private static final String SECRET = "mode-it-secret";

    @Test
    void realmWithoutModeIsOffAndUntouched(KeycloakServer server) throws Exception {
        RealmResource realm = Realms.create(server, withServiceClient(Realms.governed("mode-absent", null)));
        assertThat(realm.toRepresentation().getAttributes()).doesNotContainKey("idgov.installed");
        assertNotGoverned(server, realm, "mode-absent");
    }

    @Test
    void switchingOnThroughTheAdminApiInstallsAttributesAndClaim(KeycloakServer server) throws Exception {
        RealmResource realm = Realms.create(server, withServiceClient(Realms.governed("mode-switch", "off")));
        assertNotGoverned(server, realm, "mode-switch");

        setMode(realm, "monitor");
        assertThat(realm.users().userProfile().getConfiguration().getAttribute("identity_class")).isNotNull();
        assertThat(realm.clients().findByClientId("svc").get(0).getDefaultClientScopes()).contains("identity-governance");
        var tokens = new OidcClient(server.realmUrl("mode-switch")).clientCredentials(OidcClient.secret("svc", SECRET)).requireSuccess();
        assertThat(tokens.accessClaims().getClaim("identity_class")).isEqualTo("service-account");

        setMode(realm, "off");
        var after = new OidcClient(server.realmUrl("mode-switch")).clientCredentials(OidcClient.secret("svc", SECRET)).requireSuccess();
        assertThat(after.accessClaims().getClaims()).doesNotContainKey("identity_class");
        assertThat(realm.clientScopes().findAll()).noneMatch(s -> "identity-governance".equals(s.getName()));
    }

    @Test
    void invalidModeThroughTheAdminApiIsRefusedAndNothingChanges(KeycloakServer server) {
        RealmResource realm = Realms.create(server, Realms.governed("mode-invalid", "monitor"));
        RealmRepresentation rep = realm.toRepresentation();
        rep.getAttributes().put("idgov.mode", "enforcing");
        rep.setDisplayName("changed together with the invalid mode");

        BadRequestException refused = catchThrowableOfType(BadRequestException.class, () -> realm.update(rep));
        assertThat(refused).isNotNull();
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
        assertThat(AdminErrors.message(refused)).contains("idgov.mode").contains("\"enforcing\"").contains("off, monitor, enforce");

        RealmRepresentation unchanged = realm.toRepresentation();
        assertThat(unchanged.getAttributes()).containsEntry("idgov.mode", "monitor");
        assertThat(unchanged.getDisplayName()).isNull();
    }

    private static RealmRepresentation withServiceClient(RealmRepresentation realm) {
        realm.getClients().add(Realms.serviceClient("svc", SECRET));
        return realm;
    }

    private static void setMode(RealmResource realm, String mode) {
        RealmRepresentation rep = realm.toRepresentation();
        Map<String, String> attributes = rep.getAttributes() == null ? new HashMap<>() : new HashMap<>(rep.getAttributes());
        attributes.put("idgov.mode", mode);
        rep.setAttributes(attributes);
        realm.update(rep);
    }

    private static void assertNotGoverned(KeycloakServer server, RealmResource realm, String name) throws Exception {
        assertThat(realm.users().userProfile().getConfiguration().getAttribute("identity_class")).isNull();
        assertThat(realm.clientScopes().findAll()).noneMatch(s -> "identity-governance".equals(s.getName()));
        var tokens = new OidcClient(server.realmUrl(name)).clientCredentials(OidcClient.secret("svc", SECRET)).requireSuccess();
        assertThat(tokens.accessClaims().getClaims()).doesNotContainKey("identity_class");
    }
}
