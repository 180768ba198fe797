package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.support.GovernanceApi;
import io.github.idgov.it.support.Realms;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Review index rows whose statuses were precomputed under other windows: after a restart with another
 * {@code review-warning-days} (sweep off, so no row is rewritten) every such row is computed live, and the status
 * sort, its pages, the filters and the counts still equal a walk over the users. Its own server, restarted once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewIndexBasisIT {

    private static final String REALM = "review-basis";
    private static final String DIST = "keycloak-review-basis";
    private static final String SWEEP_OFF = "--spi-events-listener--idgov-lifecycle--sweep-interval-seconds=0";
    /** Reviewed 10 days ago on a 30-day cadence: due in 20 days, so review-due within 25 days but not within 14. */
    private static final List<String> DUE_IN_20 = names("h-due-in-20-", 4);

    private KeycloakServer server;
    private GovernanceApi api;

    @BeforeAll
    void startWithTheDefaultWindows() throws Exception {
        KeycloakDistribution distribution = distribution().freshData(true);
        distribution.install();
        server = distribution.start();
        Realms.create(server, fixture());
        api = new GovernanceApi(server.baseUrl(), REALM);
        server.waitFor(Duration.ofSeconds(90), () -> "index".equals(api.getJson("/statistics", admin()).get("source")),
                "the review index of " + REALM);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rowsPrecomputedUnderOtherWindowsAreListedSortedAndCountedAsAWalk() throws Exception {
        assertThat(indexed("?max=500&status=review-due")).doesNotContainAnyElementsOf(DUE_IN_20);
        assertSortedAsAWalk();

        server.close();
        server = distribution().startOptions("--spi-events-listener--idgov-lifecycle--review-warning-days=25").start();
        api = new GovernanceApi(server.baseUrl(), REALM);

        assertThat(indexed("?max=500&status=review-due")).containsAll(DUE_IN_20)
                .containsExactlyElementsOf(walked("?max=500&status=review-due"));
        assertThat(indexed("?max=500&status=ok")).doesNotContainAnyElementsOf(DUE_IN_20)
                .containsExactlyElementsOf(walked("?max=500&status=ok"));
        assertSortedAsAWalk();
        assertCountsAsAWalk();
    }

    private void assertSortedAsAWalk() {
        for (String order : List.of("asc", "desc")) {
            for (String filter : List.of("", "&class=human", "&status=review-due")) {
                String query = "?sort=status&order=" + order + filter;
                List<String> walked = walked(query + "&max=500");
                assertThat(walked).as(query).isNotEmpty();
                assertThat(indexed(query + "&max=500")).as(query).containsExactlyElementsOf(walked);
                for (int first = 0; first <= walked.size(); first += 3) {
                    String page = query + "&first=" + first + "&max=4";
                    assertThat(indexed(page)).as(page).containsExactlyElementsOf(walked(page));
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void assertCountsAsAWalk() {
        Map<String, Object> stats = api.getJson("/statistics", admin());
        assertThat(stats).containsEntry("source", "index");
        Map<String, Integer> humans = ((Map<String, Map<String, Integer>>) stats.get("classes")).get("human");
        assertThat(humans.get("reviewDue")).isEqualTo(walked("?max=500&class=human&status=review-due").size());
        assertThat(humans.get("ok")).isEqualTo(walked("?max=500&class=human&status=ok").size());
    }

    private static KeycloakDistribution distribution() {
        return KeycloakDistribution.fromSystemProperties(DIST).database(Database.devFile()).startTimeout(Duration.ofMinutes(10))
                .startOptions(SWEEP_OFF);
    }

    /** People reviewed 10 (due in 20 days), 25 (due in 5) and 1 day ago (due in 29) on a 30-day cadence. */
    private static RealmRepresentation fixture() {
        RealmRepresentation realm = Realms.governed(REALM, "enforce");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        DUE_IN_20.forEach(name -> realm.getUsers().add(reviewed(name, now.minus(10, ChronoUnit.DAYS))));
        names("h-due-in-5-", 3).forEach(name -> realm.getUsers().add(reviewed(name, now.minus(25, ChronoUnit.DAYS))));
        names("h-due-in-29-", 3).forEach(name -> realm.getUsers().add(reviewed(name, now.minus(1, ChronoUnit.DAYS))));
        return realm;
    }

    private static UserRepresentation reviewed(String username, Instant at) {
        return Realms.principal(username, Map.of("identity_class", "human", "identity_review_cadence_days", "30",
                "identity_last_reviewed_at", at.toString(), "identity_last_reviewed_by", "admin"));
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
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
