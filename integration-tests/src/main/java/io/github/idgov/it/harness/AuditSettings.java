package io.github.idgov.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The audit pipeline of the shared test server: file, HTTP and log sinks, short retry backoff. The HTTP
 * receiver's port is chosen once per test run; tests start their own receiver on it.
 */
public final class AuditSettings {

    public static final String CHECKPOINT_KEY = "it-checkpoint-key-6f1d2c9e";
    public static final String HTTP_SECRET = "it-http-secret-91b7e0a4";
    public static final String HTTP_PATH = "/audit";

    private final Path file;
    private final int httpPort;

    AuditSettings(Path workDir, String name) {
        this.file = workDir.resolve(name + "-audit").resolve("audit.jsonl");
        this.httpPort = Ports.free();
    }

    public Path file() {
        return file;
    }

    public Path checkpointFile() {
        return file.resolveSibling(file.getFileName() + ".checkpoint");
    }

    public int httpPort() {
        return httpPort;
    }

    /** Removes the files of an earlier run: each run's chain starts at seq 1. */
    void reset() {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(checkpointFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> startOptions() {
        String prefix = "--spi-events-listener--idgov-audit--";
        return List.of(
                prefix + "sinks=log,file,http",
                prefix + "file-path=" + file,
                prefix + "checkpoint-key=" + CHECKPOINT_KEY,
                prefix + "http-url=http://127.0.0.1:" + httpPort + HTTP_PATH,
                prefix + "http-secret=" + HTTP_SECRET,
                prefix + "http-timeout-ms=2000",
                prefix + "poll-interval-ms=300",
                prefix + "max-backoff-ms=1000",
                // an operator's exclusion, checked by AuditPipelineIT; no other test expects userinfo records
                prefix + "exclude-types=USER_INFO_REQUEST");
    }
}
