package io.github.idgov.it.harness;

import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Gives tests a {@link KeycloakServer}: one server per module run, kept in the root store and stopped (and its
 * PostgreSQL database dropped) when the run ends. Use with {@code @ExtendWith(KeycloakServerExtension.class)} and
 * take a {@code KeycloakServer} parameter in a test method, constructor or {@code @BeforeAll} method.
 */
public final class KeycloakServerExtension implements ExecutionCondition, BeforeAllCallback,
        TestInstancePreConstructCallback, ParameterResolver, TestWatcher, LifecycleMethodExecutionExceptionHandler {

    static final int FAILURE_LOG_LINES = 80;
    private static final Namespace NAMESPACE = Namespace.create(KeycloakServerExtension.class);

    /** Where PostgreSQL is asked for but absent the tests are reported skipped, with the reason, not failed. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String reason = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("missing", key -> missingPrerequisite(), String.class);
        return reason.isEmpty() ? ConditionEvaluationResult.enabled("prerequisites present")
                : ConditionEvaluationResult.disabled(reason);
    }

    private static String missingPrerequisite() {
        if (Database.POSTGRES.equals(HarnessConfig.string(HarnessConfig.DB, Database.DEV_FILE))
                && !Database.postgresReachable()) {
            String reason = "idgov.db=postgres but nothing answers on " + Database.PG_HOST + ":" + Database.PG_PORT
                    + "; skipping the tests that need Keycloak";
            System.err.println("[idgov] " + reason);
            return reason;
        }
        return "";
    }

    // The server starts here (not in resolveParameter) so an abort, e.g. no PostgreSQL, skips the class
    // instead of being wrapped in a ParameterResolutionException.
    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == KeycloakServer.class || type == AuditSettings.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == AuditSettings.class
                ? shared(extensionContext).audit : server(extensionContext);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogTail(context, context.getDisplayName());
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogTail(context, "@BeforeAll of " + context.getDisplayName());
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogTail(context, "@BeforeEach of " + context.getDisplayName());
        throw throwable;
    }

    /** The shared server, started on first use. A start failure is remembered, so later classes fail fast. */
    public static KeycloakServer server(ExtensionContext context) {
        return shared(context).server;
    }

    private static SharedServer shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(SharedServer.class, key -> SharedServer.start(), SharedServer.class);
    }

    private static void printLogTail(ExtensionContext context, String what) {
        Optional<SharedServer> shared;
        try {
            shared = Optional.ofNullable(context.getRoot().getStore(NAMESPACE).get(SharedServer.class, SharedServer.class));
        } catch (RuntimeException startFailed) {
            return; // the start failure already carries the log tail
        }
        shared.ifPresent(s -> System.err.println("---- " + what + " failed; last " + FAILURE_LOG_LINES + " lines of "
                + s.server.logFile() + " ----\n" + s.server.logTail(FAILURE_LOG_LINES) + "\n---- end of server log ----"));
    }

    /** Options of the shared server that tests rely on. */
    public static final String SERVICE_ACCOUNT_EXPIRY_HORIZON_DAYS = "400";
    private static final String[] SHARED_SERVER_OPTIONS = {
        "--spi-validator--idgov-governance--expiry-horizon-days-service-account=" + SERVICE_ACCOUNT_EXPIRY_HORIZON_DAYS,
        // a rate detector fast enough to test (AnomalyAlertsIT): 2 s windows, 3 of history, factor 3, minimum 8
        "--spi-events-listener--idgov-lifecycle--alert-rate-window-seconds=2",
        "--spi-events-listener--idgov-lifecycle--alert-rate-history-windows=3",
        "--spi-events-listener--idgov-lifecycle--alert-rate-factor=3",
        "--spi-events-listener--idgov-lifecycle--alert-rate-minimum=8",
    };

    private static final class SharedServer implements ExtensionContext.Store.CloseableResource {

        private final KeycloakServer server;
        private final Database database;
        private final AuditSettings audit;

        private SharedServer(KeycloakServer server, Database database, AuditSettings audit) {
            this.server = server;
            this.database = database;
            this.audit = audit;
        }

        static SharedServer start() {
            String db = HarnessConfig.string(HarnessConfig.DB, Database.DEV_FILE);
            if (!db.equals(Database.DEV_FILE) && !db.equals(Database.POSTGRES)) {
                throw new IllegalArgumentException("idgov.db must be dev-file or postgres, not " + db);
            }
            if (db.equals(Database.POSTGRES) && !Database.postgresReachable()) {
                String reason = "idgov.db=postgres but nothing answers on " + Database.PG_HOST + ":" + Database.PG_PORT
                        + "; skipping the tests that need Keycloak";
                System.err.println("[idgov] " + reason);
                Assumptions.abort(reason);
            }
            Database database = db.equals(Database.POSTGRES) ? Database.createPostgres() : Database.devFile();
            try {
                // Separate homes: a build for one database must not invalidate the other's.
                String name = database.isPostgres() ? "keycloak-it-postgres" : "keycloak-it";
                AuditSettings audit = new AuditSettings(HarnessConfig.path(HarnessConfig.WORK_DIR), name);
                audit.reset();
                KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties(name)
                        .database(database).freshData(true)
                        // a non-default value proves the pack's SPI options reach it (AttributeValidationIT)
                        .startOptions(SHARED_SERVER_OPTIONS)
                        .startOptions(audit.startOptions().toArray(String[]::new));
                distribution.install();
                KeycloakServer server = distribution.start();
                System.err.println("[idgov] Keycloak on " + database + " ready at " + server.baseUrl()
                        + " (log " + server.logFile() + ")");
                return new SharedServer(server, database, audit);
            } catch (IOException | RuntimeException e) {
                database.drop();
                throw e instanceof IOException io ? new IllegalStateException("Keycloak did not start", io)
                        : (RuntimeException) e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                database.drop();
                throw new IllegalStateException("Interrupted starting Keycloak", e);
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                database.drop();
            }
        }
    }
}
