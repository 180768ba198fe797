package io.github.idgov.it.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.KeycloakDistribution;
import io.github.idgov.it.harness.KeycloakServer;
import io.github.idgov.it.harness.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Runs Keycloak with the pack and the governance-demo realm on 127.0.0.1 until Ctrl-C. Its home (and H2 data) lives
 * under {@code <idgov.work.dir>/demo/} and survives restarts; the realm is imported once (later runs skip it).
 * Usage: {@code ./demo.sh [--port N]} (or env {@code IDGOV_DEMO_PORT}); the management port is port+1000 when free.
 */
public final class DemoServer {

    static final String REALM_FILE = "governance-demo-realm.json";
    static final int DEFAULT_PORT = 8080;

    private DemoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = port(args);
        KeycloakDistribution distribution = KeycloakDistribution.fromSystemProperties("demo")
                .httpPort(port)
                .managementPort(Ports.isFree(port + 1000) ? port + 1000 : Ports.free())
                .startOptions("--import-realm")
                .freshData(false);

        Path realmFile = distribution.realmsDir().resolve(REALM_FILE);
        if (!Files.isRegularFile(realmFile)) {
            System.err.println("Demo realm not found: " + realmFile + "\nIt is expected at realm-exports/" + REALM_FILE
                    + " in the repository.");
            System.exit(2);
        }
        JsonNode realm = new ObjectMapper().readTree(realmFile.toFile());
        if (!Ports.isFree(port)) {
            System.err.println("Port " + port + " on 127.0.0.1 is in use; choose another with --port N or IDGOV_DEMO_PORT.");
            System.exit(2);
        }

        System.out.println("Preparing Keycloak in " + distribution.home() + " ...");
        distribution.install();
        Path imports = Files.createDirectories(distribution.home().resolve("data/import"));
        Files.copy(realmFile, imports.resolve(REALM_FILE), StandardCopyOption.REPLACE_EXISTING);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Keycloak ...");
            distribution.stop();
            System.out.println("Keycloak stopped.");
        }, "demo-stop"));

        System.out.println("Starting Keycloak on http://127.0.0.1:" + port + " (log " + distribution.logFile() + ") ...");
        KeycloakServer server = distribution.start();
        printWelcome(server, realm);
        int code = distribution.awaitExit();
        // 130/143: ended by SIGINT/SIGTERM, i.e. Ctrl-C; anything else is worth the log tail.
        if (code != 0 && code != 130 && code != 143) {
            System.err.println("Keycloak exited with code " + code + "; last lines of its log:\n" + server.logTail(40));
        }
    }

    private static void printWelcome(KeycloakServer server, JsonNode realm) {
        String realmName = realm.path("realm").asText("governance-demo");
        StringBuilder out = new StringBuilder()
                .append("\nKeycloak with the identity governance pack is running.\n")
                .append("  Admin console:   ").append(server.baseUrl()).append("/admin/   (")
                .append(KeycloakServer.ADMIN_USERNAME).append(" / ").append(KeycloakServer.ADMIN_PASSWORD).append(")\n")
                .append("  Account console: ").append(server.realmUrl(realmName)).append("/account/\n")
                .append("  Demo logins (realm ").append(realmName).append("):\n");
        for (JsonNode user : realm.path("users")) {
            out.append(String.format("    %-32s identity_class=%-16s %s%n", user.path("username").asText(),
                    first(user.path("attributes").path("identity_class")), credential(realm, user)));
        }
        if (realm.path("users").isEmpty()) {
            out.append("    (the realm file defines no users)\n");
        }
        out.append("  Server log: ").append(server.logFile()).append("\n\nPress Ctrl-C to stop.");
        System.out.println(out);
    }

    private static String first(JsonNode values) {
        if (values.isArray()) {
            return values.isEmpty() ? "-" : values.get(0).asText();
        }
        return values.isMissingNode() || values.isNull() ? "-" : values.asText();
    }

    /** A password from the JSON, or for a service account its client's id and secret (client credentials). */
    private static String credential(JsonNode realm, JsonNode user) {
        for (JsonNode credential : user.path("credentials")) {
            if ("password".equals(credential.path("type").asText()) && credential.hasNonNull("value")) {
                return "password=" + credential.get("value").asText();
            }
        }
        String clientId = user.path("serviceAccountClientId").asText("");
        if (!clientId.isEmpty()) {
            for (JsonNode client : realm.path("clients")) {
                if (clientId.equals(client.path("clientId").asText())) {
                    return "client_credentials: client_id=" + clientId + " secret=" + client.path("secret").asText("-");
                }
            }
            return "client_credentials: client_id=" + clientId;
        }
        return "(no password in the JSON)";
    }

    static int port(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if ("--port".equals(args[i])) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        String env = System.getenv("IDGOV_DEMO_PORT");
        return env == null || env.isBlank() ? DEFAULT_PORT : Integer.parseInt(env.trim());
    }
}
