package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.support.DelegationRealm;
import io.github.idgov.it.support.Realms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Retention of approval rows (issue 6), on a server of its own whose lifecycle sweep runs every 2 s with a retention
 * of 3 s: an approval whose CIBA request expired is removed by a later sweep; one still open in another realm is not.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalRetentionIT {

    private static final String ENDED = "retention-ended";
    private static final String OPEN = "retention-open";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private KeycloakDistribution distribution;
    private KeycloakServer server;

    @BeforeAll
    void startServerWithAShortRetention() throws Exception {
        distribution = KeycloakDistribution.fromSystemProperties("keycloak-approval-retention").database(Database.devFile())
                .freshData(true).startTimeout(Duration.ofMinutes(10))
                .startOptions("--spi-events-listener--idgov-lifecycle--sweep-interval-seconds=2",
                        "--spi-events-listener--idgov-lifecycle--approval-retention-seconds=3");
        distribution.install();
        server = distribution.start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anEndedApprovalIsRemovedAfterTheRetentionAndAnOpenOneIsKept() throws Exception {
        String endedId = realm(ENDED, 2);
        String openId = realm(OPEN, 600);
        HttpResponse<String> ended = ciba(ENDED, "ended-1");
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        HttpResponse<String> open = ciba(OPEN, "open-1");
        assertThat(open.statusCode()).as(open.body()).isEqualTo(200);

        // expires after 2 s, kept 3 s more, removed by the next sweep (every 2 s)
        server.waitFor(Duration.ofSeconds(60), () -> server.logContains("Approval retention of realm " + endedId + ": 1 approvals"),
                "the ended approval removed");
        long sweepsBefore = sweeps();
        server.waitFor(Duration.ofSeconds(60), () -> sweeps() >= sweepsBefore + 2, "two more sweeps");
        assertThat(server.logContains("Approval retention of realm " + openId)).as("an open approval is never removed").isFalse();
        assertThat(server.logContains("Approval retention of realm " + endedId + ": 1 approvals")).isTrue();
    }

    private long sweeps() {
        try {
            return new String(Files.readAllBytes(server.logFile()), StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains("Lifecycle sweep started")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String realm(String name, int expiresIn) {
        RealmResource realm = Realms.create(server, representation(name, expiresIn));
        DelegationRealm.configure(realm);
        return realm.toRepresentation().getId();
    }

    /** The delegation realm, CIBA on for the agent, approvals open for the given number of seconds. */
    private static RealmRepresentation representation(String name, int expiresIn) {
        RealmRepresentation rep = DelegationRealm.representation(name, "enforce");
        Map<String, String> attributes = new HashMap<>(rep.getAttributes() == null ? Map.of() : rep.getAttributes());
        attributes.put("cibaBackchannelTokenDeliveryMode", "poll");
        attributes.put("cibaAuthRequestedUserHint", "login_hint");
        attributes.put("cibaExpiresIn", String.valueOf(expiresIn));
        attributes.put("cibaInterval", "1");
        rep.setAttributes(attributes);
        for (ClientRepresentation client : rep.getClients()) {
            if ("agent".equals(client.getClientId())) {
                Map<String, String> clientAttributes = new HashMap<>(client.getAttributes() == null ? Map.of() : client.getAttributes());
                clientAttributes.put("oidc.ciba.grant.enabled", "true");
                client.setAttributes(clientAttributes);
            }
        }
        return rep;
    }

    private HttpResponse<String> ciba(String realm, String message) throws Exception {
        String form = "login_hint=alice&scope=" + URLEncoder.encode("openid orders:read", StandardCharsets.UTF_8)
                + "&binding_message=" + message;
        String basic = Base64.getEncoder().encodeToString(("agent:" + DelegationRealm.SECRET).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create(server.realmUrl(realm) + "/protocol/openid-connect/ext/ciba/auth"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
