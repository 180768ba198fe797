package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.AuditSettings;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.KeycloakServerExtension;
import io.github.idgov.it.support.DelegationRealm;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.GroupRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

/**
 * Anomaly alerts about non-human identities, each an audit record of type ALERT (in the hash-chained file sink)
 * naming the identity, its owner and sponsor, and the evidence, plus the {@code idgov_alerts} counter: privilege
 * escalation (realm role, client scope, autonomy raised), credential change (secret regenerated, password reset),
 * a rate far above the identity's own baseline, and the first use from a new network range. People get none.
 * The shared server runs the rate detector with 2 s windows, 3 windows of history, factor 3, minimum 8
 * ({@code KeycloakServerExtension}).
 */
@ExtendWith(KeycloakServerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnomalyAlertsIT {

    private static final String REALM = "alerts-enforce";
    private static final String SECRET = "alerts-it-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeycloakServer server;
    private AuditSettings audit;
    private RealmResource realm;
    private TokenEndpoint endpoint;

    @BeforeAll
    void createRealm(KeycloakServer server, AuditSettings audit) {
        this.server = server;
        this.audit = audit;
        RealmRepresentation rep = Realms.governed(REALM, "enforce");
        rep.setEventsEnabled(true);
        rep.setAdminEventsEnabled(true);
        rep.setAdminEventsDetailsEnabled(true);
        rep.getUsers().add(Realms.human("sam", true));
        for (String clientId : List.of("bot-priv", "bot-cred", "agent-rate", "agent-auto", "svc-net", "bot-method", "svc-race", "bot-dcr")) {
            rep.getClients().add(Realms.serviceClient(clientId, SECRET));
            Map<String, String> attributes = new LinkedHashMap<>(Realms.machine(clientId.startsWith("agent") ? "ai-agent" : "bot"));
            if (clientId.startsWith("agent")) {
                attributes.put("identity_sponsor", "sam");
                attributes.put("identity_autonomy", "observe");
            }
            rep.getUsers().add(Realms.serviceAccountUser(clientId, attributes));
        }
        rep.getClients().stream().filter(c -> "bot-method".equals(c.getClientId())).findFirst().orElseThrow()
                .setClientAuthenticatorType("client-jwt");
        rep.getClients().stream().filter(c -> "bot-dcr".equals(c.getClientId())).findFirst().orElseThrow()
                .setClientAuthenticatorType("client-jwt");
        realm = Realms.create(server, rep);
        endpoint = new TokenEndpoint(server.realmUrl(REALM));
    }

    @Test
    void roleScopeAndAutonomyAddedToAMachineAreAlertsNamingOwnerSponsorAndEvidence() {
        RoleRepresentation role = new RoleRepresentation();
        role.setName("ledger-admin");
        realm.roles().create(role);
        RoleRepresentation created = realm.roles().get("ledger-admin").toRepresentation();
        Principals.serviceAccount(realm, "bot-priv").roles().realmLevel().add(List.of(created));
        // a person getting the same role is not an anomaly of a machine
        Principals.user(realm, "olivia").roles().realmLevel().add(List.of(created));

        JsonNode roleAlert = awaitAlert("privilege-escalation", "service-account-bot-priv",
                a -> a.path("alert").path("evidence").path("roles").toString().contains("ledger-admin"));
        assertThat(roleAlert.path("principal").path("owner").asText()).isEqualTo("olivia");
        assertThat(roleAlert.path("principal").path("class").asText()).isEqualTo("bot");
        assertThat(roleAlert.path("alert").path("evidence").path("by").asText()).isEqualTo("admin");
        assertThat(roleAlert.path("source").asText()).isEqualTo("lifecycle");

        ClientScopeRepresentation scope = new ClientScopeRepresentation();
        scope.setName("ledger:write");
        scope.setProtocol("openid-connect");
        String scopeId = Realms.createdId(realm.clientScopes().create(scope));
        DelegationRealm.client(realm, "bot-priv").addOptionalClientScope(scopeId);
        JsonNode scopeAlert = awaitAlert("privilege-escalation", "service-account-bot-priv",
                a -> "ledger:write".equals(a.path("alert").path("evidence").path("scope").asText()));
        assertThat(scopeAlert.path("alert").path("evidence").path("client").asText()).isEqualTo("bot-priv");
        assertThat(scopeAlert.path("alert").path("evidence").path("change").asText()).isEqualTo("optional client scope added");

        Principals.setAttributes(Principals.serviceAccount(realm, "agent-auto"), Map.of("identity_autonomy", "act"));
        JsonNode autonomy = awaitAlert("privilege-escalation", "service-account-agent-auto",
                a -> "act".equals(a.path("alert").path("evidence").path("identity_autonomy").path("to").asText()));
        assertThat(autonomy.path("principal").path("sponsor").asText()).isEqualTo("sam");
        assertThat(autonomy.path("alert").path("evidence").path("identity_autonomy").path("from").asText()).isEqualTo("observe");

        assertThat(alerts(a -> "olivia".equals(a.path("principal").path("username").asText()))).isEmpty();
    }

    /** A role given to a group reaches its members, subgroups included: each machine among them is an alert, no person. */
    @Test
    void aRoleGivenToAGroupOfAMachineIsAnAlert() {
        RoleRepresentation role = new RoleRepresentation();
        role.setName("payments-operator");
        realm.roles().create(role);
        GroupRepresentation parent = new GroupRepresentation();
        parent.setName("operations");
        String parentId = Realms.createdId(realm.groups().add(parent));
        GroupRepresentation child = new GroupRepresentation();
        child.setName("night-shift");
        String childId = Realms.createdId(realm.groups().group(parentId).subGroup(child));
        Principals.serviceAccount(realm, "bot-cred").joinGroup(childId);
        Principals.user(realm, "sam").joinGroup(parentId);

        realm.groups().group(parentId).roles().realmLevel().add(List.of(realm.roles().get("payments-operator").toRepresentation()));

        JsonNode alert = awaitAlert("privilege-escalation", "service-account-bot-cred",
                a -> "operations".equals(a.path("alert").path("evidence").path("group").asText())
                        && a.path("alert").path("evidence").path("roles").toString().contains("payments-operator"));
        assertThat(alert.path("alert").path("evidence").path("change").asText()).isEqualTo("role mapping added to a group of the identity");
        assertThat(alert.path("alert").path("evidence").has("members_checked")).as("a small group is looked at whole").isFalse();
        assertThat(alerts(a -> "sam".equals(a.path("principal").path("username").asText()))).as("no alert about a person").isEmpty();
    }

    @Test
    void credentialChangesOnAMachineAreAlerts() {
        DelegationRealm.client(realm, "bot-cred").generateNewSecret();
        JsonNode secret = awaitAlert("credential-change", "service-account-bot-cred",
                a -> "client-secret".equals(a.path("alert").path("evidence").path("credential_type").asText()));
        assertThat(secret.path("alert").path("evidence").path("change").asText()).isEqualTo("CREDENTIAL_ROTATED");
        assertThat(secret.path("principal").path("owner").asText()).isEqualTo("olivia");
        assertThat(secret.toString()).doesNotContain(DelegationRealm.client(realm, "bot-cred").getSecret().getValue());
    }

    /** The authentication method changed in a client update: from a key to a shared secret is a downgrade. */
    @Test
    void aMachineClientsAuthenticationMethodChangedIsAnAlertNamingFromToAndWho() {
        ClientResource bot = DelegationRealm.client(realm, "bot-method");
        ClientRepresentation rep = bot.toRepresentation();
        rep.setDescription("an update that leaves the method alone");
        bot.update(rep);
        rep.setClientAuthenticatorType("client-secret");
        bot.update(rep);

        JsonNode alert = awaitAlert("credential-change", "service-account-bot-method",
                a -> "client authentication method changed".equals(a.path("alert").path("evidence").path("change").asText()));
        JsonNode evidence = alert.path("alert").path("evidence");
        assertThat(evidence.path("from").asText()).isEqualTo("client-jwt");
        assertThat(evidence.path("to").asText()).isEqualTo("client-secret");
        assertThat(evidence.path("downgrade").asBoolean()).isTrue();
        assertThat(evidence.path("by").asText()).isEqualTo("admin");
        assertThat(evidence.path("client").asText()).isEqualTo("bot-method");
        assertThat(alert.path("principal").path("owner").asText()).isEqualTo("olivia");
        assertThat(alert.path("principal").path("class").asText()).isEqualTo("bot");
        assertThat(alert.path("alert").path("summary").asText()).contains("a downgrade to a shared secret");
        assertThat(alert.toString()).doesNotContain(bot.getSecret().getValue());

        // back to a key: a change, not a downgrade; the description-only update above raised nothing
        rep.setClientAuthenticatorType("client-jwt");
        bot.update(rep);
        JsonNode upgrade = awaitAlert("credential-change", "service-account-bot-method",
                a -> "client-jwt".equals(a.path("alert").path("evidence").path("to").asText()));
        assertThat(upgrade.path("alert").path("evidence").path("downgrade").asBoolean()).isFalse();
        assertThat(alerts(a -> "service-account-bot-method".equals(a.path("principal").path("username").asText()))).hasSize(2);
        server.waitFor(Duration.ofSeconds(30), () -> metrics().matches("(?s).*idgov_alerts_total\\{[^}]*kind=\"credential-change\".*"),
                "the idgov_alerts counter of credential changes on /metrics");
    }

    @Test
    void aMethodChangedThroughDynamicClientRegistrationIsAnAlertToo() throws Exception {
        // RFC 7592: the client updates itself with its registration access token; Keycloak writes no admin event
        ClientResource bot = DelegationRealm.client(realm, "bot-dcr");
        ClientRepresentation rep = bot.regenerateRegistrationAccessToken();
        String registrationToken = rep.getRegistrationAccessToken();
        rep.setRegistrationAccessToken(null);
        rep.setClientAuthenticatorType("client-secret");
        HttpResponse<String> updated = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(server.realmUrl(REALM) + "/clients-registrations/default/bot-dcr"))
                .header("Authorization", "Bearer " + registrationToken).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(rep))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(bot.toRepresentation().getClientAuthenticatorType()).isEqualTo("client-secret");

        JsonNode alert = awaitAlert("credential-change", "service-account-bot-dcr",
                a -> "client authentication method changed".equals(a.path("alert").path("evidence").path("change").asText()));
        JsonNode evidence = alert.path("alert").path("evidence");
        assertThat(evidence.path("from").asText()).isEqualTo("client-jwt");
        assertThat(evidence.path("to").asText()).isEqualTo("client-secret");
        assertThat(evidence.path("downgrade").asBoolean()).isTrue();
        assertThat(evidence.path("by").asText()).isEqualTo("client registration of bot-dcr");
        assertThat(alert.path("principal").path("owner").asText()).isEqualTo("olivia");
    }

    @Test
    void anAgentFarAboveItsOwnBaselineIsAnAlert() throws Exception {
        // three windows of 2 s at about two tokens a window: the baseline
        long learnUntil = System.currentTimeMillis() + 7_000;
        while (System.currentTimeMillis() < learnUntil) {
            token("agent-rate");
            Thread.sleep(900); // pacing: the baseline is a rate over time
        }
        assertThat(alerts(a -> a.path("alert").path("kind").asText().equals("rate-anomaly"))).isEmpty();
        // burst at the start of a window so it is not split across two
        while (System.currentTimeMillis() % 2_000 > 300) {
            Thread.sleep(20);
        }
        for (int i = 0; i < 20; i++) {
            token("agent-rate");
        }
        JsonNode rate = awaitAlert("rate-anomaly", "service-account-agent-rate", a -> true);
        JsonNode evidence = rate.path("alert").path("evidence");
        assertThat(evidence.path("count").asInt()).isGreaterThanOrEqualTo(8);
        assertThat(evidence.path("count").asDouble()).isGreaterThan(3 * evidence.path("average_previous_windows").asDouble());
        assertThat(evidence.path("previous_windows").asInt()).isEqualTo(3);
        assertThat(evidence.path("event_type").asText()).isEqualTo("CLIENT_LOGIN");
        assertThat(rate.path("principal").path("sponsor").asText()).isEqualTo("sam");
        assertThat(rate.path("alert").path("summary").asText()).contains("above its usual rate");
        server.waitFor(Duration.ofSeconds(30), () -> metrics().matches("(?s).*idgov_alerts_total\\{[^}]*kind=\"rate-anomaly\".*"),
                "the idgov_alerts counter on /metrics");
    }

    @Test
    void firstUseFromANewNetworkRangeIsAnAlertAndAKnownOneIsNot() throws Exception {
        token("svc-net"); // 127.0.0.1: the first range is learned
        assertThat(fromAddress("svc-net", "127.0.0.1")).isEqualTo(200);
        assertThat(fromAddress("svc-net", "127.0.1.1")).isEqualTo(200);
        JsonNode alert = awaitAlert("new-network", "service-account-svc-net", a -> true);
        JsonNode evidence = alert.path("alert").path("evidence");
        assertThat(evidence.path("network").asText()).isEqualTo("127.0.1.0/24");
        assertThat(evidence.path("ip").asText()).isEqualTo("127.0.1.1");
        assertThat(evidence.path("known_networks").toString()).isEqualTo("[\"127.0.0.0/24\"]");
        assertThat(alert.path("principal").path("owner").asText()).isEqualTo("olivia");

        // both ranges known now: no further alert from either
        assertThat(fromAddress("svc-net", "127.0.1.2")).isEqualTo(200);
        assertThat(fromAddress("svc-net", "127.0.0.1")).isEqualTo(200);
        token("bot-priv"); // a later record in the file, so the absence below is not a race
        awaitAlertOrRecord("service-account-bot-priv");
        assertThat(alerts(a -> a.path("alert").path("kind").asText().equals("new-network")
                && "service-account-svc-net".equals(a.path("principal").path("username").asText()))).hasSize(1);
    }

    /**
     * Many first uses from distinct new ranges at once (one node, concurrent requests): every range is learned and
     * alerted exactly once, none lost to another request's write of the same attribute.
     */
    @Test
    void concurrentFirstUsesFromManyNewNetworksAreAllLearnedAndEachAlertedOnce() throws Exception {
        token("svc-race"); // 127.0.0.0/24 learned first
        int ranges = 12;
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < ranges; i++) {
            sources.add("127.0." + (40 + i) + ".1");
        }
        ExecutorService pool = Executors.newFixedThreadPool(ranges);
        try {
            for (int round = 0; round < 2; round++) { // the second round: every range known, nothing written or raised
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (String source : sources) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return fromAddress("svc-race", source);
                    }));
                }
                start.countDown();
                for (Future<Integer> answer : answers) {
                    assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
                }
                server.waitFor(Duration.ofSeconds(30), () -> alerts(a -> a.path("alert").path("kind").asText().equals("new-network")
                        && "service-account-svc-race".equals(a.path("principal").path("username").asText())).size() >= ranges,
                        "a new-network alert per range");
            }
        } finally {
            pool.shutdownNow();
        }
        String stored = DelegationRealm.client(realm, "svc-race").toRepresentation().getAttributes().get("idgov.seen-networks");
        List<String> expected = new ArrayList<>(List.of("127.0.0.0/24"));
        sources.forEach(source -> expected.add(source.substring(0, source.lastIndexOf('.')) + ".0/24"));
        assertThat(List.of(stored.split(","))).containsExactlyInAnyOrderElementsOf(expected);
        token("bot-priv"); // a later record in the file, so the count below is not a race
        awaitAlertOrRecord("service-account-bot-priv");
        List<JsonNode> raised = alerts(a -> a.path("alert").path("kind").asText().equals("new-network")
                && "service-account-svc-race".equals(a.path("principal").path("username").asText()));
        assertThat(raised).extracting(a -> a.path("alert").path("evidence").path("network").asText())
                .containsExactlyInAnyOrderElementsOf(expected.subList(1, expected.size()));
    }

    // ---- helpers

    private void token(String clientId) throws Exception {
        TokenEndpoint.Answer answer = endpoint.post(OidcClient.secret(clientId, SECRET), Map.of("grant_type", List.of("client_credentials")));
        assertThat(answer.ok()).as(answer.describe()).isTrue();
    }

    /** A client-credentials request whose TCP connection starts from {@code source} (any 127/8 address is loopback). */
    private int fromAddress(String clientId, String source) throws Exception {
        RequestConfig config = RequestConfig.custom().setLocalAddress(InetAddress.getByName(source)).build();
        try (CloseableHttpClient client = HttpClients.custom().setDefaultRequestConfig(config).build()) {
            HttpPost post = new HttpPost(server.realmUrl(REALM) + "/protocol/openid-connect/token");
            post.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + SECRET).getBytes(StandardCharsets.UTF_8)));
            post.setEntity(new StringEntity("grant_type=client_credentials", ContentType.APPLICATION_FORM_URLENCODED));
            return client.execute(post, response -> {
                EntityUtils.consume(response.getEntity());
                return response.getStatusLine().getStatusCode();
            });
        }
    }

    private void awaitAlertOrRecord(String username) {
        server.waitFor(Duration.ofSeconds(30), () -> records().stream().anyMatch(r -> REALM.equals(r.path("realm").asText())
                && "CLIENT_LOGIN".equals(r.path("type").asText()) && username.equals(r.path("principal").path("username").asText())),
                "a CLIENT_LOGIN record of " + username);
    }

    private JsonNode awaitAlert(String kind, String username, Predicate<JsonNode> matching) {
        List<JsonNode> found = new ArrayList<>();
        server.waitFor(Duration.ofSeconds(30), () -> {
            found.clear();
            found.addAll(alerts(a -> kind.equals(a.path("alert").path("kind").asText())
                    && username.equals(a.path("principal").path("username").asText()) && matching.test(a)));
            return !found.isEmpty();
        }, kind + " alert about " + username + " in the audit file");
        return found.get(0);
    }

    private List<JsonNode> alerts(Predicate<JsonNode> matching) {
        return records().stream().filter(r -> REALM.equals(r.path("realm").asText()) && "ALERT".equals(r.path("type").asText()))
                .filter(matching).toList();
    }

    private List<JsonNode> records() {
        List<JsonNode> records = new ArrayList<>();
        try {
            if (Files.exists(audit.file())) {
                for (String line : Files.readAllLines(audit.file())) {
                    records.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return records;
    }

    private String metrics() {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
