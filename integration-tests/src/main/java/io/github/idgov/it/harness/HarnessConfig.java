package io.github.idgov.it.harness;

import java.nio.file.Path;

/** System properties the Maven build (failsafe, exec:java) passes to the harness. */
final class HarnessConfig {

    static final String PACK_JAR = "idgov.pack.jar";
    static final String DIST_TAR = "idgov.dist.tar";
    static final String KEYCLOAK_VERSION = "idgov.keycloak.version";
    static final String REALMS_DIR = "idgov.realms.dir";
    static final String WORK_DIR = "idgov.work.dir";
    static final String DB = "idgov.db";
    static final String HTTP_PORT = "idgov.kc.http.port";
    static final String MANAGEMENT_PORT = "idgov.kc.management.port";
    static final String START_TIMEOUT_SECONDS = "idgov.kc.start.timeout.seconds";

    private HarnessConfig() {
    }

    static Path path(String key) {
        String value = System.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + key
                    + " is not set; run through Maven (failsafe in integration-tests, or ./demo.sh)");
        }
        return Path.of(value).toAbsolutePath().normalize();
    }

    static String string(String key, String defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    static int integer(String key, int defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim());
    }
}
