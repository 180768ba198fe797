package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.OidcClient.Tokens;
import io.github.idgov.it.support.Realms;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * A realm left off on a server with the pack issues exactly what stock Keycloak 26.7.3 (same distribution,
 * no pack) issues for the same realm: same claims with the same values, same realm setup. A governed realm
 * differs by the identity_class claim alone.
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StockParityIT {

    private static final String REALM = "parity";
    private static final String SECRET = "parity-secret";
    /** Claims that differ between any two servers or any two requests. */
    private static final Set<String> VOLATILE = Set.of("exp", "iat", "nbf", "jti", "iss", "sub", "sid", "session_state",
            "auth_time", "at_hash");

    private KeycloakDistribution stockDistribution;
    private KeycloakServer stock;
    private KeycloakServer withPack;

    @BeforeAll
    void startStockKeycloak(KeycloakServer server) throws Exception {
        withPack = server;
        stockDistribution = KeycloakDistribution.fromSystemProperties("keycloak-stock").withoutPack()
                .database(Database.devFile()).freshData(true);
        stockDistribution.install();
        stock = stockDistribution.start();
        for (KeycloakServer target : new KeycloakServer[] {stock, withPack}) {
            target.importRealm(realm(REALM, null));
        }
        // monitor: the client's service account has no owner yet, which enforce would refuse
        withPack.importRealm(realm(REALM + "-governed", "monitor"));
    }

    @AfterAll
    void stopStockKeycloak() {
        if (stock != null) {
            stock.close();
        }
    }

    @Test
    void clientCredentialsTokensAreIdentical() throws Exception {
        Tokens expected = serviceToken(stock, REALM);
        Tokens actual = serviceToken(withPack, REALM);
        assertThat(stable(actual.accessClaims().getClaims())).isEqualTo(stable(expected.accessClaims().getClaims()));
    }

    @Test
    void passwordGrantTokensAndUserInfoAreIdentical() throws Exception {
        Tokens expected = humanTokens(stock, REALM);
        Tokens actual = humanTokens(withPack, REALM);
        assertThat(stable(actual.accessClaims().getClaims())).isEqualTo(stable(expected.accessClaims().getClaims()));
        assertThat(stable(actual.idClaims().getClaims())).isEqualTo(stable(expected.idClaims().getClaims()));
        assertThat(stable(new OidcClient(withPack.realmUrl(REALM)).userInfo(actual.accessToken())))
                .isEqualTo(stable(new OidcClient(stock.realmUrl(REALM)).userInfo(expected.accessToken())));
    }

    @Test
    void realmSetupIsIdentical() throws Exception {
        ObjectMapper json = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        assertThat(json.writeValueAsString(withPack.adminClient().realm(REALM).users().userProfile().getConfiguration()))
                .isEqualTo(json.writeValueAsString(stock.adminClient().realm(REALM).users().userProfile().getConfiguration()));
        assertThat(scopeNames(withPack)).isEqualTo(scopeNames(stock));
        assertThat(new TreeSet<>(withPack.adminClient().realm(REALM).clients().findByClientId("app").get(0).getDefaultClientScopes()))
                .isEqualTo(new TreeSet<>(stock.adminClient().realm(REALM).clients().findByClientId("app").get(0).getDefaultClientScopes()));
        RealmRepresentation off = withPack.adminClient().realm(REALM).toRepresentation();
        assertThat(off.getAttributes()).doesNotContainKeys("idgov.mode", "idgov.installed");
    }

    @Test
    void aGovernedRealmAddsTheIdentityClassAndAmrClaimsAndNothingElse() throws Exception {
        Map<String, Object> stockClaims = stable(serviceToken(stock, REALM).accessClaims().getClaims());
        Map<String, Object> governedClaims = stable(serviceToken(withPack, REALM + "-governed").accessClaims().getClaims());
        assertThat(governedClaims).containsEntry("identity_class", "service-account");
        governedClaims.remove("identity_class");
        // amr (step-up MFA): the methods of the browser flow's steps; none for client credentials
        assertThat(governedClaims.remove("amr")).isEqualTo(List.of());
        assertThat(governedClaims.keySet()).isEqualTo(stockClaims.keySet());

        Map<String, Object> stockHuman = stable(humanTokens(stock, REALM).accessClaims().getClaims());
        Map<String, Object> governedHuman = stable(humanTokens(withPack, REALM + "-governed").accessClaims().getClaims());
        assertThat(governedHuman.remove("identity_class")).isEqualTo("human");
        assertThat(governedHuman.remove("amr")).isInstanceOf(List.class);
        assertThat(governedHuman.keySet()).isEqualTo(stockHuman.keySet());
    }

    private static RealmRepresentation realm(String name, String mode) {
        RealmRepresentation realm = Realms.governed(name, mode);
        realm.getClients().add(Realms.serviceClient("svc", SECRET));
        return realm;
    }

    private static Tokens serviceToken(KeycloakServer server, String realm) throws Exception {
        return new OidcClient(server.realmUrl(realm)).clientCredentials(OidcClient.secret("svc", SECRET)).requireSuccess();
    }

    private static Tokens humanTokens(KeycloakServer server, String realm) throws Exception {
        return new OidcClient(server.realmUrl(realm)).password("app", "olivia", Realms.PASSWORD).requireSuccess();
    }

    private static Set<String> scopeNames(KeycloakServer server) {
        Set<String> names = new TreeSet<>();
        for (ClientScopeRepresentation scope : server.adminClient().realm(REALM).clientScopes().findAll()) {
            names.add(scope.getName());
        }
        return names;
    }

    /** The claims minus those that differ per server (issuer port, ids) or per request (times, token ids). */
    private static Map<String, Object> stable(Map<String, Object> claims) {
        Map<String, Object> stable = new TreeMap<>(new HashMap<>(claims));
        VOLATILE.forEach(stable::remove);
        // scope is a set: Keycloak does not promise an order
        stable.computeIfPresent("scope", (k, v) -> new TreeSet<>(List.of(String.valueOf(v).split(" "))));
        return stable;
    }
}
