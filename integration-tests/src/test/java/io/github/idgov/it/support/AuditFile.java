package io.github.idgov.it.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.idgov.it.harness.KeycloakServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The file sink's output as the tests read it: one audit record (JSON) per line, awaited on a condition of one realm. */
public final class AuditFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KeycloakServer server;
    private final Path file;
    private final String realm;

    public AuditFile(KeycloakServer server, Path file, String realm) {
        this.server = server;
        this.file = file;
        this.realm = realm;
    }

    /** Every line written so far (none before the sink's first delivery). */
    public List<String> lines() {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first record of the realm that matches, once the sink has written it; fails after {@code timeout}. */
    public Map<String, Object> await(Duration timeout, String description, Predicate<Map<String, Object>> match) {
        List<Map<String, Object>> found = new ArrayList<>();
        server.waitFor(timeout, () -> {
            for (String line : lines()) {
                Map<String, Object> record = parse(line);
                if (realm.equals(record.get("realm")) && match.test(record)) {
                    found.add(record);
                    return true;
                }
            }
            return false;
        }, description + " in " + file);
        return found.get(0);
    }

    public static Map<String, Object> parse(String line) {
        try {
            return JSON.readValue(line, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
