package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Upgrading the pack over a review index an earlier version built: the server is stopped, its database made to look
 * as version 3 left it (the realm marked with index version 3, rows without the incomplete flag and ranked without its
 * rank), and started again. The start-up build must rebuild the realm's index, mark it current, and the review API
 * then answers from the index exactly what a walk over the users answers. Its own server (sweep off, so only the
 * build can rewrite the rows), on the database {@code idgov.db} names.
 */
class IdentityIndexUpgradeIT {

    private static final String REALM = "index-upgrade";
    private static final String SECRET = "index-upgrade-secret-1";
    private static final String READY = "idgov.identity-index";
    private static final String OLD_VERSION = "3";
    private static final String SWEEP_OFF = "--spi-events-listener--idgov-lifecycle--sweep-interval-seconds=0";
    /** Service accounts created with their clients through the admin API: no owner, purpose or expiry (incomplete). */
    private static final List<String> BARE = List.of("bare-01", "bare-02");
    private static final List<String> STATUSES = List.of("", "expired", "incomplete", "expiring", "orphaned", "stale", "ok",
            "derived-class");
    private static final String LEAVING_OWNER = "owen";
    private static final Duration BUILD = Duration.ofSeconds(90);

    private KeycloakServer server;
    private GovernanceApi api;

    @Test
    void anIndexLeftByVersion3IsRebuiltAtStartUpAndAnswersAsAWalk() throws Exception {
        Database database = Database.configured();
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties(
                        database.isPostgres() ? "keycloak-index-upgrade-postgres" : "keycloak-index-upgrade")
                .database(database).freshData(true).startTimeout(Duration.ofMinutes(10)).startOptions(SWEEP_OFF);
        try {
            distribution.install();
            start(distribution);
            RealmResource realm = Realms.create(server, fixture());
            // an orphan: its owner disabled after the import (which refuses a machine without an enabled owner)
            Principals.setEnabled(Principals.user(realm, LEAVING_OWNER), false);
            BARE.forEach(clientId -> realm.clients().create(Realms.serviceClient(clientId, SECRET)).close());
            server.waitFor(BUILD, () -> "index".equals(api.getJson("/statistics", admin()).get("source")), "the review index of " + REALM);
            String current = realm.toRepresentation().getAttributes().get(READY);
            assertThat(current).as("the current index version").isNotBlank().isNotEqualTo(OLD_VERSION);
            assertThat(indexed("?max=500&status=incomplete")).hasSize(BARE.size());
            String realmId = realm.toRepresentation().getId();

            server.close();
            distribution.inStoppedDatabase(connection -> leaveAsVersion3(connection, realmId));
            distribution.freshData(false);
            start(distribution);

            server.waitFor(BUILD, () -> current.equals(server.adminClient().realm(REALM).toRepresentation().getAttributes().get(READY)),
                    "the review index of " + REALM + " marked version " + current + " again");
            // incomplete first: a listing assesses its rows live and repairs those it reads, which would hide a missed rebuild
            assertThat(indexed("?max=500&status=incomplete")).hasSize(BARE.size())
                    .containsExactlyElementsOf(walked("?max=500&status=incomplete"));
            assertIncompleteCounted();
            for (String status : STATUSES) {
                String query = "?max=500" + (status.isEmpty() ? "" : "&status=" + status);
                List<String> walked = walked(query);
                assertThat(walked).as(query + ": the fixture covers it").isNotEmpty();
                assertThat(indexed(query)).as(query).containsExactlyElementsOf(walked);
            }
            for (String order : List.of("asc", "desc")) {
                String query = "?max=500&sort=status&order=" + order;
                assertThat(indexed(query)).as(query).containsExactlyElementsOf(walked(query));
            }
        } finally {
            if (server != null) {
                server.close();
            }
            database.drop();
        }
    }

    /**
     * What version 3 left: the realm marked with its version, and rows written before the incomplete flag existed (the
     * column's default, false) ranked as version 3 ranked them (no incomplete rank: every rank after expired one lower,
     * the fixture's incomplete machines ok, 7).
     */
    private static void leaveAsVersion3(Connection connection, String realmId) throws SQLException {
        try (PreparedStatement marker = connection.prepareStatement(
                "update REALM_ATTRIBUTE set VALUE = ? where NAME = ? and REALM_ID = ?")) {
            marker.setString(1, OLD_VERSION);
            marker.setString(2, READY);
            marker.setString(3, realmId);
            assertThat(marker.executeUpdate()).as("the realm's index marker").isEqualTo(1);
        }
        try (PreparedStatement rows = connection.prepareStatement("update IDGOV_IDENTITY_INDEX set INCOMPLETE = false,"
                + " STATUS_RANK = case when STATUS_RANK = 1 then 7 when STATUS_RANK > 1 then STATUS_RANK - 1 else 0 end"
                + " where REALM_ID = ?")) {
            rows.setString(1, realmId);
            assertThat(rows.executeUpdate()).as("the realm's index rows").isGreaterThan(BARE.size());
        }
    }

    @SuppressWarnings("unchecked")
    private void assertIncompleteCounted() {
        Map<String, Object> stats = api.getJson("/statistics", admin());
        assertThat(stats).containsEntry("source", "index");
        int incomplete = ((Map<String, Map<String, Integer>>) stats.get("classes")).values().stream()
                .mapToInt(counts -> counts.getOrDefault("incomplete", 0)).sum();
        assertThat(incomplete).isEqualTo(BARE.size());
    }

    private void start(KeycloakDistribution distribution) throws Exception {
        server = distribution.start();
        api = new GovernanceApi(server.baseUrl(), REALM);
    }

    /** A few identities of each status the version-3 rows could misanswer: ranks on both sides of incomplete. */
    private static RealmRepresentation fixture() {
        RealmRepresentation realm = Realms.governed(REALM, "enforce");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        realm.getUsers().add(bot("bot-ok", "olivia", today.plusDays(60)));
        realm.getUsers().add(bot("bot-expiring", "olivia", today.plusDays(10)));
        realm.getUsers().add(bot("bot-expired", "olivia", today.minusDays(3)));
        realm.getUsers().add(Realms.human(LEAVING_OWNER, true));
        realm.getUsers().add(bot("bot-orphaned", LEAVING_OWNER, today.plusDays(60)));
        realm.getUsers().add(Realms.human("hana", true));
        UserRepresentation stale = Realms.human("stan", true);
        stale.setCreatedTimestamp(Instant.now().minus(400, ChronoUnit.DAYS).toEpochMilli());
        realm.getUsers().add(stale);
        return realm;
    }

    private static UserRepresentation bot(String username, String owner, LocalDate expires) {
        Map<String, String> attributes = new LinkedHashMap<>(Realms.machine("bot"));
        attributes.put("identity_owner", owner);
        attributes.put("identity_expires_at", expires.toString());
        UserRepresentation bot = Realms.principal(username, attributes);
        bot.setCredentials(null);
        return bot;
    }

    private String admin() {
        return server.adminClient().tokenManager().getAccessTokenString();
    }

    private List<String> indexed(String query) {
        return api.indexed(query, admin());
    }

    private List<String> walked(String query) {
        return api.walked(query, admin());
    }
}
