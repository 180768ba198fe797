package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.support.Eventually;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Realms;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientPolicyRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Installing (or upgrading) the pack into a Keycloak whose realms already say they are governed: the pack's tables
 * are created on the existing database, and at start-up every governed realm whose installed setup is older than
 * the pack's gets the current one, without an administrator touching the realm. Stands in for an upgrade from an
 * older pack: the realm was written by stock Keycloak with an old setup version and none of the setup. Master gets the
 * review page's client at start-up, and loses it when no realm is governed.
 */
class UpgradeIT {

    private static final String REALM = "upgrade";
    private static final String SECRET = "upgrade-secret-1";

    @Test
    void governedRealmsGetTheCurrentSetupAtStartUp() throws Exception {
        KeycloakDistribution stock = KeycloakDistribution.fromSystemProperties("keycloak-upgrade").withoutPack()
                .database(Database.devFile()).freshData(true).startTimeout(Duration.ofMinutes(10));
        stock.install();
        try (KeycloakServer server = stock.start()) {
            server.importRealm(realm());
            assertThat(server.adminClient().realm("master").clients().findByClientId("idgov-review")).isEmpty();
        } finally {
            stock.stop();
        }

        KeycloakDistribution packed = KeycloakDistribution.fromSystemProperties("keycloak-upgrade")
                .database(Database.devFile()).freshData(false).startTimeout(Duration.ofMinutes(10));
        packed.install();
        try (KeycloakServer server = packed.start()) {
            // master gets the review page's client at start-up, as a realm is governed (the pack's: marked managed)
            List<ClientRepresentation> masterClient = server.adminClient().realm("master").clients().findByClientId("idgov-review");
            assertThat(masterClient).hasSize(1);
            assertThat(masterClient.get(0).getAttributes()).containsEntry("idgov.managed", "true");
            assertThat(masterClient.get(0).getRedirectUris()).containsExactly("/realms/master/identity-governance/review/*");

            // the version a realm switched on today gets, for comparison
            server.importRealm(Realms.governed("fresh", "enforce"));
            String current = server.adminClient().realm("fresh").toRepresentation().getAttributes().get("idgov.installed");
            assertThat(current).isNotBlank().isNotEqualTo("1");

            RealmRepresentation upgraded = server.adminClient().realm(REALM).toRepresentation();
            assertThat(upgraded.getAttributes()).containsEntry("idgov.installed", current);
            assertThat(server.adminClient().realm(REALM).clientPoliciesPoliciesResource().getPolicies().getPolicies())
                    .extracting(ClientPolicyRepresentation::getName).contains("idgov-lifecycle");
            assertThat(server.adminClient().realm(REALM).clients().findByClientId("idgov-review")).hasSize(1);
            assertThat(upgraded.getEventsListeners()).contains("idgov-audit");
            // setup 11: the identity provider the realm already had steps up after its logins
            assertThat(server.adminClient().realm(REALM).identityProviders().get("partner").toRepresentation().getPostBrokerLoginFlowAlias())
                    .isEqualTo("idgov post-broker step-up");

            // and the gate it installed works: the expired machine gets no token
            Grants.Result refused = new Grants(server.realmUrl(REALM)).clientCredentials(OidcClient.secret("svc-expired", SECRET));
            assertThat(refused.refused()).as(refused.describe()).isTrue();
            assertThat(refused.error().getCode()).isEqualTo("invalid_client");
            assertThat(refused.error().getDescription()).contains("expired on");

            // no realm governed any more: master's client goes too
            switchMode(server, REALM, "off");
            server.adminClient().realm("fresh").remove();
            awaitMasterClient(server, false, "removed when no realm is governed");
            // each path on its own, after the client is back: a switch on creates it, deleting the last governed
            // realm removes it, so does switching the last one off
            switchMode(server, REALM, "monitor");
            awaitMasterClient(server, true, "created by a switch on");
            server.adminClient().realm(REALM).remove();
            awaitMasterClient(server, false, "removed with the last governed realm");
            server.importRealm(Realms.governed("again", "enforce"));
            awaitMasterClient(server, true, "created by a governed realm's import");
            switchMode(server, "again", "off");
            awaitMasterClient(server, false, "removed when the last governed realm is switched off");
        } finally {
            packed.stop();
        }
    }

    private static void awaitMasterClient(KeycloakServer server, boolean present, String what) {
        Eventually.until("master's idgov-review client " + what, Duration.ofSeconds(30),
                () -> server.adminClient().realm("master").clients().findByClientId("idgov-review").isEmpty() != present);
    }

    private static void switchMode(KeycloakServer server, String realm, String mode) {
        RealmRepresentation rep = server.adminClient().realm(realm).toRepresentation();
        rep.getAttributes().put(Realms.MODE_ATTRIBUTE, mode);
        server.adminClient().realm(realm).update(rep);
    }

    /** A realm that says it is governed with setup version 1, holding an expired service account. */
    private static RealmRepresentation realm() {
        RealmRepresentation realm = Realms.governed(REALM, "enforce");
        Map<String, String> attributes = new HashMap<>(realm.getAttributes());
        attributes.put("idgov.installed", "1");
        realm.setAttributes(attributes);
        realm.getClients().add(Realms.serviceClient("svc-expired", SECRET));
        Map<String, String> machine = new LinkedHashMap<>(Realms.machine("service-account"));
        machine.put("identity_expires_at", LocalDate.now(ZoneOffset.UTC).minusDays(3).toString());
        realm.getUsers().add(Realms.serviceAccountUser("svc-expired", machine));
        IdentityProviderRepresentation partner = new IdentityProviderRepresentation();
        partner.setAlias("partner");
        partner.setProviderId("oidc");
        partner.setEnabled(true);
        partner.setConfig(new HashMap<>(Map.of("authorizationUrl", "https://partner.example/auth", "tokenUrl", "https://partner.example/token",
                "clientId", "upgrade", "clientSecret", SECRET, "clientAuthMethod", "client_secret_post")));
        realm.setIdentityProviders(new ArrayList<>(List.of(partner)));
        return realm;
    }
}
