package io.github.idgov.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The container files, checked without Docker: the Dockerfile and the compose file parse and name the
 * Keycloak and Kafka versions of the pom, and the compose cluster is wired the way the README says.
 */
class DeploymentFilesIT {

    private static final Path DOCKER = Path.of(System.getProperty("idgov.docker.dir"));
    private static final String KEYCLOAK = System.getProperty("idgov.keycloak.version");
    private static final String KAFKA = System.getProperty("idgov.kafka.version");

    @Test
    void dockerfileBuildsOnTheOfficialImageOfThePomsKeycloak() throws IOException {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));

        Matcher arg = Pattern.compile("(?m)^ARG KEYCLOAK_VERSION=(\\S+)$").matcher(dockerfile);
        assertThat(arg.find()).as("ARG KEYCLOAK_VERSION with a default").isTrue();
        assertThat(arg.group(1)).isEqualTo(KEYCLOAK);
        List<String> froms = Pattern.compile("(?m)^FROM (\\S+)").matcher(dockerfile).results().map(m -> m.group(1)).toList();
        assertThat(froms).hasSize(2).allMatch("quay.io/keycloak/keycloak:${KEYCLOAK_VERSION}"::equals);
        assertThat(dockerfile).contains("COPY --chown=keycloak:keycloak pack/target/keycloak-identity-governance-*.jar /opt/keycloak/providers/")
                .contains("RUN /opt/keycloak/bin/kc.sh build")
                .containsPattern("(?m)^USER 1000$")
                .contains("/health/ready");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsTwoNodesOfThisImageOnOneDatabaseWithKafka() throws IOException {
        Map<String, Object> compose = new Yaml(new LoaderOptions()).load(Files.readString(DOCKER.resolve("compose.yaml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services).containsOnlyKeys("postgres", "kafka", "keycloak-1", "keycloak-2");
        assertThat(services.get("kafka").get("image")).isEqualTo("apache/kafka:" + KAFKA);
        for (String node : List.of("keycloak-1", "keycloak-2")) {
            Map<String, Object> service = services.get(node);
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(build.get("dockerfile")).isEqualTo("docker/Dockerfile");
            assertThat(((Map<String, Object>) build.get("args")).get("KEYCLOAK_VERSION")).isEqualTo(KEYCLOAK);
            assertThat(service.get("image")).isEqualTo("keycloak-idgov:" + KEYCLOAK);
            Map<String, Object> env = (Map<String, Object>) service.get("environment");
            assertThat(env).containsEntry("KC_DB", "postgres")
                    .containsEntry("KC_DB_URL", "jdbc:postgresql://postgres:5432/keycloak")
                    .containsEntry("KC_CACHE", "ispn")
                    .containsEntry("KC_SPI_EVENTS_LISTENER__IDGOV_AUDIT__SINKS", "kafka,file")
                    .containsEntry("KC_SPI_EVENTS_LISTENER__IDGOV_AUDIT__KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
            assertThat(((List<String>) service.get("command")).get(0)).isEqualTo("start");
        }
        assertThat((List<String>) services.get("keycloak-1").get("command")).contains("--import-realm");
        assertThat((List<String>) services.get("keycloak-1").get("volumes"))
                .anyMatch(v -> v.startsWith("../realm-exports/governance-demo-realm.json:/opt/keycloak/data/import/"));
        assertThat(Files.exists(DOCKER.resolve("../realm-exports/governance-demo-realm.json"))).isTrue();
        List<String> published = services.values().stream()
                .flatMap(s -> ((List<String>) s.getOrDefault("ports", List.of())).stream())
                .map(p -> p.substring(0, p.indexOf(':'))).toList();
        assertThat(published).doesNotHaveDuplicates().contains("8080", "8081");
    }
}
