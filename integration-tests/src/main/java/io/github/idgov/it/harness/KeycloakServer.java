package io.github.idgov.it.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.idm.RealmRepresentation;

/** A running Keycloak server as tests see it: URLs, an admin client, its log, and a few helpers. */
public final class KeycloakServer implements AutoCloseable {

    public static final String ADMIN_USERNAME = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakDistribution distribution;
    private final int httpPort;
    private final int managementPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Keycloak adminClient;

    KeycloakServer(KeycloakDistribution distribution, int httpPort, int managementPort) {
        this.distribution = distribution;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** e.g. {@code http://127.0.0.1:8080}, no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /** The OIDC issuer of a realm (hostname is not strict, so it follows the request URL used here). */
    public String issuer(String realm) {
        return realmUrl(realm);
    }

    public Database database() {
        return distribution.database();
    }

    public Path home() {
        return distribution.home();
    }

    /** HTTP status of the management {@code /health/ready} right now; -1 when nothing answers. */
    public int readyStatus() {
        return KeycloakDistribution.httpStatus(http, URI.create(managementUrl() + "/health/ready"));
    }

    /** Admin client for master / admin-cli as admin/admin; created once and shared. */
    public synchronized Keycloak adminClient() {
        if (adminClient == null) {
            adminClient = KeycloakBuilder.builder().serverUrl(baseUrl()).realm("master").clientId("admin-cli")
                    .username(ADMIN_USERNAME).password(ADMIN_PASSWORD).build();
        }
        return adminClient;
    }

    public Path logFile() {
        return distribution.logFile();
    }

    public String logTail(int lines) {
        return Logs.tail(logFile(), lines);
    }

    public boolean logContains(String text) {
        return Logs.read(logFile()).contains(text);
    }

    /** Imports a realm, replacing one of the same name so each test class can start from its own copy. */
    public void importRealm(RealmRepresentation realm) {
        deleteRealmIfPresent(realm.getRealm());
        adminClient().realms().create(realm);
    }

    /**
     * Imports {@code <idgov.realms.dir>/<fileName>}, replacing a realm of the same name. The JSON is posted as is,
     * not through the client's RealmRepresentation, which is older than the server and would drop newer fields.
     */
    public void importRealmFile(String fileName) {
        Path file = distribution.realmsDir().resolve(fileName);
        try {
            String json = Files.readString(file);
            deleteRealmIfPresent(JSON.readTree(json).path("realm").asText());
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms"))
                    .timeout(Duration.ofMinutes(2))
                    .header("Authorization", "Bearer " + adminClient().tokenManager().getAccessTokenString())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("Import of " + file + " answered " + response.statusCode() + ": "
                        + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot import " + file, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted importing " + file, e);
        }
    }

    /** Polls the condition every 100 ms until it holds; fails with the description after the timeout. */
    public void waitFor(Duration timeout, BooleanSupplier condition, String description) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout + " waiting for: " + description);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for: " + description, e);
            }
        }
    }

    /** Closes the admin client and stops Keycloak. */
    @Override
    public void close() {
        synchronized (this) {
            if (adminClient != null) {
                adminClient.close();
                adminClient = null;
            }
        }
        distribution.stop();
    }

    private void deleteRealmIfPresent(String name) {
        boolean present = adminClient().realms().findAll().stream().anyMatch(r -> name.equals(r.getRealm()));
        if (present) {
            adminClient().realm(name).remove();
        }
    }
}
