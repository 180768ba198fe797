package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.support.AdminErrors;
import io.github.idgov.it.support.DelegationRealm;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.TokenEndpoint;
import jakarta.ws.rs.BadRequestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Command limits (issue 10) on a server of its own with small limits and short windows (so the shared server's
 * realms keep the defaults): a bot hammering the token endpoint is refused with temporarily_unavailable and a
 * Retry-After and 429 (client credentials, token exchange, refresh), the refusal is one decision
 * per window, every way around counts against the same identity, an identity's override wins, humans are never
 * limited, an agent's delegated exchanges have their own limit, monitor lets everything through with a would-deny
 * record, and the next window starts from zero.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandLimitsIT {

    private static final String ENFORCE = "limits";
    private static final String MONITOR = "limits-monitor";
    private static final String SECRET = DelegationRealm.SECRET;
    private static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";
    private static final String OPTION = "--spi-client-policy-executor--idgov-command-limit--";
    private static final int TOKEN_WINDOW_SECONDS = 10;
    private static final int EXCHANGE_WINDOW_SECONDS = 30;
    private static final int BOT_LIMIT = 3;
    private static final int EXCHANGE_LIMIT = 2;
    /** What Keycloak 26.7 makes of any client-policy refusal of client_credentials. */

    private KeycloakDistribution distribution;
    private KeycloakServer server;
    private RealmResource enforce;
    private TokenEndpoint endpoint;

    @BeforeAll
    void startServerWithSmallLimits() throws Exception {
        distribution = KeycloakDistribution.fromSystemProperties("keycloak-limits").database(Database.devFile()).freshData(true)
                .startTimeout(Duration.ofMinutes(10))
                .startOptions(OPTION + "token-window-seconds=" + TOKEN_WINDOW_SECONDS,
                        OPTION + "tokens-per-minute-bot=" + BOT_LIMIT,
                        OPTION + "tokens-per-minute-service-account=4",
                        OPTION + "tokens-per-minute-ai-agent=50",
                        OPTION + "exchange-window-seconds=" + EXCHANGE_WINDOW_SECONDS,
                        OPTION + "exchanges-per-hour-ai-agent=" + EXCHANGE_LIMIT);
        distribution.install();
        server = distribution.start();
        enforce = Realms.create(server, realm(ENFORCE, "enforce"));
        DelegationRealm.configure(enforce);
        Realms.create(server, realm(MONITOR, "monitor"));
        endpoint = new TokenEndpoint(server.realmUrl(ENFORCE));
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void botHammeringTheTokenEndpointIsLimitedWithRetryAfterAndOneDecisionPerWindow() throws Exception {
        awaitRoomInWindow(TOKEN_WINDOW_SECONDS, 4);
        List<TokenEndpoint.Answer> answers = hammer(endpoint, "bot-a", 8);
        assertThat(answers.subList(0, BOT_LIMIT)).allSatisfy(a -> assertThat(a.ok()).as(a.describe()).isTrue());
        for (TokenEndpoint.Answer refused : answers.subList(BOT_LIMIT, answers.size())) {
            // the gate counts client credentials on the token response, where Keycloak passes the executor's 429 through
            assertThat(refused.status()).as(refused.describe()).isEqualTo(429);
            assertThat(refused.error()).isEqualTo("temporarily_unavailable");
            assertThat(refused.description()).contains("tokens limit 3 per " + TOKEN_WINDOW_SECONDS + "s exceeded");
            assertThat(refused.header("Retry-After")).as("Retry-After").isNotNull();
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, TOKEN_WINDOW_SECONDS);
            assertThat(refused.accessToken()).isNull();
        }
        server.waitFor(Duration.ofSeconds(30), () -> decisions("deny", ENFORCE, "service-account-bot-a") == 1,
                "the first refusal is one deny decision");
        assertThat(decisions("deny", ENFORCE, "service-account-bot-a")).as("not one per refused request").isEqualTo(1);
        assertThat(logCount("decision=deny realm=" + ENFORCE + " principal=service-account-bot-a policy=command-limit reason=\"tokens limit 3 per "
                + TOKEN_WINDOW_SECONDS + "s exceeded \\(request 4 in this window\\) \\[grant client_credentials, client bot-a\\]"))
                .isEqualTo(1);
        server.waitFor(Duration.ofSeconds(30), () -> !enforce.getEvents(List.of("CLIENT_LOGIN_ERROR"), "bot-a", null, null, null, null, 0, 20).isEmpty(),
                "Keycloak's error event names each refusal");
    }

    @Test
    void everyWayAroundIsCountedAgainstTheSameIdentity() throws Exception {
        awaitRoomInWindow(TOKEN_WINDOW_SECONDS, 4);
        assertThat(hammer(endpoint, "bot-b", BOT_LIMIT)).allSatisfy(a -> assertThat(a.ok()).as(a.describe()).isTrue());
        // another client authentication method, a crafted scope, a repeated grant_type: the same identity's counter
        ClientAuthentication post = new ClientSecretPost(new ClientID("bot-b"), new Secret(SECRET));
        assertThat(endpoint.post(post, Map.of("grant_type", List.of("client_credentials"))).error()).isEqualTo("temporarily_unavailable");
        assertThat(endpoint.post(OidcClient.secret("bot-b", SECRET), Map.of("grant_type", List.of("client_credentials"),
                "scope", List.of("openid profile"))).error()).isEqualTo("temporarily_unavailable");
        // another identity of the same class is not affected (per identity, not per class)
        assertThat(clientCredentials(endpoint, "bot-c").ok()).isTrue();
        // the same client id in another realm is another identity
        assertThat(clientCredentials(new TokenEndpoint(server.realmUrl(MONITOR)), "bot-b").ok()).isTrue();
    }

    @Test
    void refreshingCountsAgainstTheSameLimitAndIsAnswered429() throws Exception {
        awaitRoomInWindow(TOKEN_WINDOW_SECONDS, 4);
        TokenEndpoint.Answer first = clientCredentials(endpoint, "bot-refresh");
        assertThat(first.ok()).as(first.describe()).isTrue();
        String refreshToken = (String) first.body().get("refresh_token");
        assertThat(refreshToken).as("client credentials with refresh tokens switched on").isNotNull();
        List<TokenEndpoint.Answer> refreshes = new ArrayList<>();
        for (int i = 0; i < BOT_LIMIT; i++) {
            refreshes.add(endpoint.post(OidcClient.secret("bot-refresh", SECRET), Map.of("grant_type", List.of("refresh_token"),
                    "refresh_token", List.of(refreshToken))));
        }
        assertThat(refreshes.subList(0, BOT_LIMIT - 1)).allSatisfy(a -> assertThat(a.ok()).as(a.describe()).isTrue());
        TokenEndpoint.Answer refused = refreshes.get(BOT_LIMIT - 1);
        assertThat(refused.status()).as("refresh passes the executor's status through: " + refused.describe()).isEqualTo(429);
        assertThat(refused.error()).isEqualTo("temporarily_unavailable");
        assertThat(refused.header("Retry-After")).isNotNull();
    }

    @Test
    void theOverrideOnTheIdentityWinsAndIsValidated() throws Exception {
        awaitRoomInWindow(TOKEN_WINDOW_SECONDS, 4);
        List<TokenEndpoint.Answer> raised = hammer(endpoint, "bot-raised", 7);
        assertThat(raised.subList(0, 6)).allSatisfy(a -> assertThat(a.ok()).as(a.describe()).isTrue());
        assertThat(raised.get(6).error()).isEqualTo("temporarily_unavailable");
        assertThat(raised.get(6).description()).contains("tokens limit 6 per");

        assertThat(hammer(endpoint, "bot-unlimited", 10)).as("0 = no limit for this identity")
                .allSatisfy(a -> assertThat(a.ok()).as(a.describe()).isTrue());

        UserRepresentation bot = Principals.serviceAccount(enforce, "bot-c").toRepresentation();
        bot.getAttributes().put("identity_rate_limit_tokens_per_minute", new ArrayList<>(List.of("-5")));
        BadRequestException refused = catchThrowableOfType(BadRequestException.class,
                () -> Principals.serviceAccount(enforce, "bot-c").update(bot));
        assertThat(refused).isNotNull();
        assertThat(AdminErrors.of(refused)).extracting(AdminErrors.FieldError::field)
                .containsExactly("identity_rate_limit_tokens_per_minute");
    }

    @Test
    void humansAreNeverLimited() throws Exception {
        awaitRoomInWindow(TOKEN_WINDOW_SECONDS, 4);
        for (int i = 0; i < 8; i++) {
            TokenEndpoint.Answer answer = endpoint.post(null, Map.of("grant_type", List.of("password"), "client_id", List.of("app"),
                    "username", List.of("bob"), "password", List.of(Realms.PASSWORD)));
            assertThat(answer.ok()).as("request %d: %s", i + 1, answer.describe()).isTrue();
        }
        assertThat(decisions("\\S+", ENFORCE, "bob")).isZero();
    }

    @Test
    void delegatedExchangesHaveTheirOwnLimitPerAgent() throws Exception {
        awaitRoomInWindow(EXCHANGE_WINDOW_SECONDS, 10);
        String subject = userToken("alice", "agent");
        List<TokenEndpoint.Answer> exchanges = new ArrayList<>();
        for (int i = 0; i < EXCHANGE_LIMIT + 2; i++) {
            exchanges.add(endpoint.exchange(OidcClient.secret("agent", SECRET), Map.of("subject_token", subject,
                    "subject_token_type", ACCESS_TOKEN, "scope", "orders:read")));
        }
        assertThat(exchanges.subList(0, EXCHANGE_LIMIT)).allSatisfy(a -> assertThat(a.ok()).as(a.describe()).isTrue());
        for (TokenEndpoint.Answer refused : exchanges.subList(EXCHANGE_LIMIT, exchanges.size())) {
            assertThat(refused.status()).as(refused.describe()).isEqualTo(429);
            assertThat(refused.error()).isEqualTo("temporarily_unavailable");
            assertThat(refused.description()).contains("delegated-exchanges limit 2 per " + EXCHANGE_WINDOW_SECONDS + "s exceeded");
            assertThat(refused.header("Retry-After")).isNotNull();
        }
        // the agent's own tokens are under their (higher) per-minute limit: only exchanges are held back
        assertThat(clientCredentials(endpoint, "agent").ok()).isTrue();
        // another agent is not affected
        TokenEndpoint.Answer other = endpoint.exchange(OidcClient.secret("agent-x", SECRET), Map.of("subject_token",
                userToken("sam", "agent-x"), "subject_token_type", ACCESS_TOKEN, "scope", "orders:read"));
        assertThat(other.ok()).as(other.describe()).isTrue();
        server.waitFor(Duration.ofSeconds(30), () -> decisions("deny", ENFORCE, "service-account-agent") == 1,
                "one deny decision for the agent");
        assertThat(logCount("principal=service-account-agent policy=command-limit reason=\"delegated-exchanges limit 2")).isEqualTo(1);
    }

    @Test
    void monitorLetsEveryRequestThroughAndRecordsWouldDenyOncePerWindow() throws Exception {
        awaitRoomInWindow(TOKEN_WINDOW_SECONDS, 4);
        TokenEndpoint monitor = new TokenEndpoint(server.realmUrl(MONITOR));
        assertThat(hammer(monitor, "bot-a", 8)).allSatisfy(a -> assertThat(a.ok()).as(a.describe()).isTrue());
        server.waitFor(Duration.ofSeconds(30), () -> decisions("would-deny", MONITOR, "service-account-bot-a") == 1,
                "one would-deny decision");
        assertThat(decisions("deny", MONITOR, "service-account-bot-a")).isZero();
    }

    @Test
    void theNextWindowStartsFromZero() throws Exception {
        awaitRoomInWindow(TOKEN_WINDOW_SECONDS, 4);
        List<TokenEndpoint.Answer> first = hammer(endpoint, "bot-reset", BOT_LIMIT + 1);
        TokenEndpoint.Answer refused = first.get(BOT_LIMIT);
        assertThat(refused.error()).isEqualTo("temporarily_unavailable");
        long refusedAt = System.currentTimeMillis();
        long windowEnd = (refusedAt / (TOKEN_WINDOW_SECONDS * 1000L) + 1) * TOKEN_WINDOW_SECONDS * 1000L;

        server.waitFor(Duration.ofSeconds(TOKEN_WINDOW_SECONDS + 5), () -> call(() -> clientCredentials(endpoint, "bot-reset").ok()),
                "a request in the next window is admitted");
        assertThat(System.currentTimeMillis()).as("not before the window ended").isGreaterThanOrEqualTo(windowEnd - 1000);
        // the new window counts from one: the admitted request and two more, then the limit again
        List<TokenEndpoint.Answer> next = hammer(endpoint, "bot-reset", BOT_LIMIT);
        assertThat(next.subList(0, BOT_LIMIT - 1)).allSatisfy(a -> assertThat(a.ok()).as(a.describe()).isTrue());
        assertThat(next.get(BOT_LIMIT - 1).error()).isEqualTo("temporarily_unavailable");
    }

    // --- helpers

    private static List<TokenEndpoint.Answer> hammer(TokenEndpoint endpoint, String clientId, int requests) throws Exception {
        List<TokenEndpoint.Answer> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(clientCredentials(endpoint, clientId));
        }
        return answers;
    }

    private static TokenEndpoint.Answer clientCredentials(TokenEndpoint endpoint, String clientId) throws Exception {
        return endpoint.post(OidcClient.secret(clientId, SECRET), Map.of("grant_type", List.of("client_credentials")));
    }

    /** A person's token that delegates to the agent (may_act), from the public app. */
    private String userToken(String username, String agent) throws Exception {
        TokenEndpoint.Answer answer = endpoint.post(null, Map.of("grant_type", List.of("password"), "client_id", List.of("app"),
                "username", List.of(username), "password", List.of(Realms.PASSWORD),
                "scope", List.of("orders:read delegate:" + agent)));
        assertThat(answer.ok()).as(answer.describe()).isTrue();
        return answer.accessToken();
    }

    /**
     * Windows are aligned on the epoch (server and test share the clock): waits until the current window has at least
     * {@code seconds} left, so a burst is counted within one window.
     */
    private void awaitRoomInWindow(int windowSeconds, int seconds) {
        long windowMillis = windowSeconds * 1000L;
        server.waitFor(Duration.ofSeconds(windowSeconds + 1),
                () -> windowMillis - System.currentTimeMillis() % windowMillis >= seconds * 1000L,
                seconds + " s left in the current window");
    }

    private int decisions(String result, String realm, String principal) {
        return logCount("decision=" + result + " realm=" + Pattern.quote(realm) + " principal=" + Pattern.quote(principal)
                + " policy=command-limit ");
    }

    private int logCount(String regex) {
        try {
            return (int) Pattern.compile(regex).matcher(Files.readString(server.logFile())).results().count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface Check {
        boolean test() throws Exception;
    }

    private static boolean call(Check check) {
        try {
            return check.test();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RealmRepresentation realm(String name, String mode) {
        RealmRepresentation realm = DelegationRealm.representation(name, mode);
        for (String bot : List.of("bot-a", "bot-b", "bot-c", "bot-reset", "bot-raised", "bot-unlimited", "bot-refresh")) {
            var client = Realms.serviceClient(bot, SECRET);
            if ("bot-refresh".equals(bot)) {
                client.setAttributes(new java.util.HashMap<>(Map.of("client_credentials.use_refresh_token", "true")));
            }
            realm.getClients().add(client);
            Map<String, String> attributes = new LinkedHashMap<>(Realms.machine("bot"));
            switch (bot) {
                case "bot-raised" -> attributes.put("identity_rate_limit_tokens_per_minute", "6");
                case "bot-unlimited" -> attributes.put("identity_rate_limit_tokens_per_minute", "0");
                default -> { }
            }
            realm.getUsers().add(Realms.serviceAccountUser(bot, attributes));
        }
        return realm;
    }
}
