package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.OidcClient.Tokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

/** The demo realm, imported as shipped: every demo principal gets its class in its tokens. */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoRealmIT {

    private static final String REALM = "governance-demo";

    private OidcClient oidc;
    private RealmResource realm;

    @BeforeAll
    void importDemoRealm(KeycloakServer server) {
        server.importRealmFile("governance-demo-realm.json");
        realm = server.adminClient().realm(REALM);
        oidc = new OidcClient(server.realmUrl(REALM));
    }

    @Test
    void serviceAccountTokenCarriesServiceAccountClass() throws Exception {
        Tokens tokens = oidc.clientCredentials(OidcClient.secret("billing-sync", "billing-sync-demo-secret")).requireSuccess();
        assertThat(tokens.accessClaims().getClaim("identity_class")).isEqualTo("service-account");
        assertThat(tokens.accessClaims().getStringClaim("azp")).isEqualTo("billing-sync");
    }

    @Test
    void serviceAccountIntrospectionCarriesItsClass() throws Exception {
        Tokens tokens = oidc.clientCredentials(OidcClient.secret("billing-sync", "billing-sync-demo-secret")).requireSuccess();
        // introspected by the API the job calls (Keycloak 26.7 requires the caller to be in the audience)
        assertThat(oidc.introspect(OidcClient.secret("governance-demo-api", "governance-demo-api-secret"), tokens.accessToken()))
                .containsEntry("active", true).containsEntry("identity_class", "service-account");
    }

    @Test
    void botTokenCarriesBotClass() throws Exception {
        Tokens tokens = oidc.clientCredentials(OidcClient.secret("chatops-bot", "chatops-bot-demo-secret")).requireSuccess();
        assertThat(tokens.accessClaims().getClaim("identity_class")).isEqualTo("bot");
    }

    @Test
    void agentTokenCarriesAiAgentClass() throws Exception {
        Tokens tokens = oidc.clientCredentials(OidcClient.secret("research-agent", "research-agent-demo-secret")).requireSuccess();
        assertThat(tokens.accessClaims().getClaim("identity_class")).isEqualTo("ai-agent");
    }

    @Test
    void humanPasswordGrantCarriesHumanClassInEveryTokenAndEndpoint() throws Exception {
        Tokens tokens = oidc.password("governance-demo-app", "alice", "alice-demo-2026").requireSuccess();
        assertThat(tokens.accessClaims().getClaim("identity_class")).isEqualTo("human");
        assertThat(tokens.idClaims().getClaim("identity_class")).isEqualTo("human");

        Map<String, Object> userInfo = oidc.userInfo(tokens.accessToken());
        assertThat(userInfo).containsEntry("identity_class", "human").containsEntry("preferred_username", "alice");

        // the resource server the app's tokens are meant for
        Map<String, Object> introspection = oidc.introspect(
                OidcClient.secret("governance-demo-api", "governance-demo-api-secret"), tokens.accessToken());
        assertThat(introspection).containsEntry("active", true).containsEntry("identity_class", "human");
    }

    @Test
    void governedRealmDeclaresTheAttributesAdminOnlyInTheUserProfile() {
        UPConfig profile = realm.users().userProfile().getConfiguration();
        assertThat(profile.getGroups()).anyMatch(g -> "identity-governance".equals(g.getName()));
        UPAttribute owner = profile.getAttribute("identity_owner");
        assertThat(owner).isNotNull();
        assertThat(owner.getGroup()).isEqualTo("identity-governance");
        assertThat(owner.getPermissions().getView()).containsExactly("admin");
        assertThat(owner.getPermissions().getEdit()).containsExactly("admin");
        UPAttribute reviewedAt = profile.getAttribute("identity_last_reviewed_at");
        assertThat(reviewedAt.getPermissions().getEdit()).isEmpty();
        // the realm's own attributes are still there
        assertThat(profile.getAttribute("email")).isNotNull();
        assertThat(profile.getAttribute("firstName")).isNotNull();
    }

    @Test
    void serviceAccountUserShowsItsGovernanceAttributesToAdmins() {
        var sa = realm.users().search("service-account-research-agent", true).get(0);
        var rep = realm.users().get(sa.getId()).toRepresentation(true);
        assertThat(rep.getAttributes()).containsEntry("identity_class", List.of("ai-agent"))
                .containsEntry("identity_sponsor", List.of("bob"));
    }
}
