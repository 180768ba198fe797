package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.idgov.it.harness.Database;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.support.Grants;
import io.github.idgov.it.support.OidcClient;
import io.github.idgov.it.support.Principals;
import io.github.idgov.it.support.Realms;
import io.github.idgov.it.support.WorkflowsApi;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The README's Keycloak Workflows recipe, "disable a human after N days without authentication", installed as YAML
 * through the admin REST API with the pack's condition {@code idgov-has-identity-class}, on a server of its own whose
 * workflow step runner ticks every second (instead of every 12 h) and with a delay of seconds instead of 90 days:
 * a human's login schedules the step, a second login restarts it, and the runner disables the human; a bot that
 * logs in and a service account using client credentials are never scheduled and stay enabled. The second recipe,
 * a scheduled workflow, binds existing humans (stored or derived class) without a login and no machine; an unknown
 * class in the condition fails the create request with 400.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkflowsRecipeIT {

    private static final String REALM = "workflows-recipe";
    private static final String EXISTING_REALM = "workflows-existing";
    private static final String SECRET = "workflows-recipe-secret";
    private static final String WORKFLOW = "disable-inactive-humans";
    private static final String NEVER_SEEN_NAME = "disable-humans-never-seen";
    /** The README's recipe; only the delay differs (90d there). */
    static final String RECIPE = """
            name: disable-inactive-humans
            on: user-authenticated
            if: idgov-has-identity-class(human)
            concurrency:
              restart-in-progress: user-authenticated
            steps:
              - uses: disable-user
                after: 90d
            """;
    private static final String DELAY = "8s";
    /**
     * The README's second recipe: a scheduled workflow selects existing users with SQL (the condition's
     * {@code toPredicate}, which must resolve classes as the pack does); only the delays differ (1d and 90d there).
     */
    static final String NEVER_SEEN = """
            name: disable-humans-never-seen
            schedule:
              after: 1d
              batch-size: 100
            if: idgov-has-identity-class(human)
            concurrency:
              restart-in-progress: user-authenticated
            steps:
              - uses: disable-user
                after: 90d
            """;
    private static final Duration GENEROUS = Duration.ofSeconds(120);

    private KeycloakServer server;
    private RealmResource realm;
    private WorkflowsApi workflows;
    private Grants grants;

    @BeforeAll
    void startServerWithAFastStepRunner() throws Exception {
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties("keycloak-workflows")
                .database(Database.devFile()).freshData(true).startTimeout(Duration.ofMinutes(10))
                .startOptions("--spi-events-listener--workflow-event-listener--step-runner-task-interval=1s");
        distribution.install();
        server = distribution.start();
        realm = Realms.create(server, realm());
        workflows = new WorkflowsApi(server.baseUrl(), REALM, () -> server.adminClient().tokenManager().getAccessTokenString());
        grants = new Grants(server.realmUrl(REALM));
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theReadmeShowsTheseRecipes() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("idgov.realms.dir")).resolveSibling("README.md"));
        assertThat(readme).contains("```yaml\n" + RECIPE + "```", "```yaml\n" + NEVER_SEEN + "```");
    }

    @Test
    void unknownClassIsRefusedWhenTheWorkflowIsCreated() {
        HttpResponse<String> refused = workflows.create(WorkflowsApi.YAML, RECIPE.replace("name: " + WORKFLOW, "name: typo")
                .replace("idgov-has-identity-class(human)", "idgov-has-identity-class(human, robot)"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("Condition idgov-has-identity-class has an unknown identity class 'robot'",
                "allowed: human, service-account, bot, ai-agent");
        HttpResponse<String> empty = workflows.create(WorkflowsApi.JSON,
                "{\"name\":\"empty\",\"on\":\"user-authenticated\",\"if\":\"idgov-has-identity-class()\","
                        + "\"steps\":[{\"uses\":\"disable-user\",\"after\":\"90d\"}]}");
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
    }

    @Test
    void disablesAHumanAfterTheDelayWithoutAuthenticationButNoMachine() throws Exception {
        HttpResponse<String> created = workflows.create(WorkflowsApi.YAML, RECIPE.replace("after: 90d", "after: " + DELAY));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Map<String, Object> stored = workflows.byName(WORKFLOW);
        assertThat(stored).containsEntry("on", "user-authenticated").containsEntry("if", "idgov-has-identity-class(human)");

        String hankId = Principals.user(realm, "hank").toRepresentation().getId();
        String beaId = Principals.user(realm, "bea").toRepresentation().getId();
        String batchId = Principals.serviceAccount(realm, "svc-batch").toRepresentation().getId();

        // the machines act first: had either been scheduled, its step would be due before the human's
        grants.clientCredentials(OidcClient.secret("svc-batch", SECRET)).requireSuccess();
        grants.password("app", "bea", Realms.PASSWORD).requireSuccess();
        grants.password("app", "hank", Realms.PASSWORD).requireSuccess();

        server.waitFor(GENEROUS, () -> !workflows.scheduledFor(hankId).isEmpty(), "hank's login schedules the disable step");
        server.waitFor(GENEROUS, () -> scheduledAt(hankId).isPresent(), "the step has a due time");
        long first = scheduledAt(hankId).getAsLong();
        grants.password("app", "hank", Realms.PASSWORD).requireSuccess();
        server.waitFor(GENEROUS, () -> scheduledAt(hankId).orElse(first) > first, "hank's second login restarts the delay");

        server.waitFor(GENEROUS, () -> !Principals.user(realm, "hank").toRepresentation().isEnabled(),
                "the step runner disables hank after " + DELAY + " without authentication");

        assertThat(workflows.scheduledFor(beaId)).as("a bot's login schedules nothing").isEmpty();
        assertThat(workflows.scheduledFor(batchId)).as("client credentials are no user-authenticated event").isEmpty();
        assertThat(Principals.user(realm, "bea").toRepresentation().isEnabled()).isTrue();
        assertThat(Principals.serviceAccount(realm, "svc-batch").toRepresentation().isEnabled()).isTrue();
        assertThat(grants.password("app", "hank", Realms.PASSWORD).refused()).isTrue();

        // the disable is no admin action, so the pack's immediate orphan cascade does not see it: hank's bot is not flagged
        assertThat(Principals.user(realm, "bea").toRepresentation().getAttributes()).doesNotContainKey("identity_review_status");
    }

    @Test
    void aScheduledWorkflowSelectsExistingUsersByTheirResolvedClass() throws Exception {
        RealmResource existing = Realms.create(server, existingRealm());
        // created through the admin API, its service-account user has no governance attributes: class derived
        Realms.createdId(existing.clients().create(Realms.serviceClient("svc-derived", SECRET)));
        Map<String, List<String>> derived = Principals.serviceAccount(existing, "svc-derived").toRepresentation().getAttributes();
        assertThat(derived == null ? Map.of() : derived).doesNotContainKey("identity_class");
        WorkflowsApi api = new WorkflowsApi(server.baseUrl(), EXISTING_REALM, () -> server.adminClient().tokenManager().getAccessTokenString());
        HttpResponse<String> created = api.create(WorkflowsApi.YAML,
                NEVER_SEEN.replace("after: 1d", "after: 1s").replace("after: 90d", "after: " + DELAY));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

        // bound without any login; a login then restarts the delay
        String carlId = Principals.user(existing, "carl").toRepresentation().getId();
        server.waitFor(GENEROUS, () -> scheduledAt(api, NEVER_SEEN_NAME, carlId).isPresent(), "the schedule binds carl");
        long first = scheduledAt(api, NEVER_SEEN_NAME, carlId).getAsLong();
        new Grants(server.realmUrl(EXISTING_REALM)).password("app", "carl", Realms.PASSWORD).requireSuccess();
        server.waitFor(GENEROUS, () -> scheduledAt(api, NEVER_SEEN_NAME, carlId).orElse(first) > first,
                "carl's login restarts the delay");

        // humans: stored class, and no class (derived)
        for (String human : List.of("ida", "carl")) {
            server.waitFor(GENEROUS, () -> !Principals.user(existing, human).toRepresentation().isEnabled(),
                    "the scheduled workflow disables the human " + human);
        }
        // selected by the same query as the humans, so not selected at all
        assertThat(Principals.user(existing, "rob").toRepresentation().isEnabled()).as("a bot").isTrue();
        assertThat(api.scheduledFor(Principals.user(existing, "rob").toRepresentation().getId())).as("a bot is never bound").isEmpty();
        assertThat(Principals.serviceAccount(existing, "svc-derived").toRepresentation().isEnabled()).as("a service account without class").isTrue();
        assertThat(Principals.serviceAccount(existing, "svc-stored").toRepresentation().isEnabled()).as("a service account").isTrue();
    }

    /** When the human's disable step is due, from the workflows scheduled for the user (empty when none). */
    @SuppressWarnings("unchecked")
    private OptionalLong scheduledAt(String userId) {
        return scheduledAt(workflows, WORKFLOW, userId);
    }

    @SuppressWarnings("unchecked")
    private static OptionalLong scheduledAt(WorkflowsApi api, String workflowName, String userId) {
        List<Map<String, Object>> scheduled = api.scheduledFor(userId);
        return scheduled.stream()
                .filter(workflow -> workflowName.equals(workflow.get("name")))
                .flatMap(workflow -> ((List<Map<String, Object>>) workflow.getOrDefault("steps", List.of())).stream())
                .map(step -> step.get("scheduled-at"))
                .filter(Number.class::isInstance)
                .mapToLong(at -> ((Number) at).longValue())
                .max();
    }

    private static RealmRepresentation existingRealm() {
        RealmRepresentation realm = Realms.governed(EXISTING_REALM, "monitor");
        realm.getUsers().add(Realms.principal("ida", Map.of("identity_class", "human")));
        realm.getUsers().add(Realms.principal("carl", Map.of()));
        realm.getUsers().add(Realms.principal("rob", Realms.machine("bot")));
        realm.getClients().add(Realms.serviceClient("svc-stored", SECRET));
        realm.getUsers().add(Realms.serviceAccountUser("svc-stored", Realms.machine("service-account")));
        return realm;
    }

    private static RealmRepresentation realm() {
        RealmRepresentation realm = Realms.governed(REALM, "monitor");
        realm.getUsers().add(Realms.principal("hank", Map.of()));
        Map<String, String> bot = new LinkedHashMap<>(Realms.machine("bot"));
        bot.put("identity_owner", "hank");
        realm.getUsers().add(Realms.principal("bea", bot));
        realm.getClients().add(Realms.serviceClient("svc-batch", SECRET));
        realm.getUsers().add(Realms.serviceAccountUser("svc-batch", Realms.machine("service-account")));
        return realm;
    }
}
