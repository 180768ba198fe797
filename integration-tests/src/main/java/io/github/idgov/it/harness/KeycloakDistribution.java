package io.github.idgov.it.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A Keycloak distribution unpacked from the Maven Central tar.gz under {@code <work.dir>/<name>/}, with the pack
 * installed, built only when the pack or the build options changed, and started as a child process.
 */
public final class KeycloakDistribution {

    /**
     * Features enabled at build time ({@code --features=}): the one place later work adds to,
     * e.g. {@code "token-exchange"}, {@code "ciba"}. {@code client-secret-rotation} (preview in 26.7.3): Keycloak's own
     * {@code secret-rotation} client-policy executor, whose rotations the credential policy's secret age follows.
     */
    public static final List<String> FEATURES = List.of("client-secret-rotation");

    /** The pack's CIBA channel (agent approvals) instead of Keycloak's HTTP one: a build-time SPI option. */
    public static final String CIBA_CHANNEL_OPTION = "--spi-ciba-auth-channel--provider=idgov-approval";

    static final String BUILD_MARKER = ".idgov-build.sha256";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path baseDir;
    private final Path distTar;
    private Path packJar;
    private final String version;
    private final Path realmsDir;
    private Database database = Database.devFile();
    private int httpPort;
    private int managementPort;
    private final List<String> startOptions = new ArrayList<>();
    private final List<String> javaOptions = new ArrayList<>();
    private boolean freshData;
    private boolean clustered;
    private Duration startTimeout;
    private Process process;
    private Thread shutdownHook;

    private KeycloakDistribution(Path baseDir, Path distTar, Path packJar, String version, Path realmsDir) {
        this.baseDir = baseDir;
        this.distTar = distTar;
        this.packJar = packJar;
        this.version = version;
        this.realmsDir = realmsDir;
    }

    /**
     * Reads {@code idgov.pack.jar}, {@code idgov.dist.tar}, {@code idgov.work.dir}, {@code idgov.realms.dir}, and
     * the optional port overrides {@code idgov.kc.http.port} / {@code idgov.kc.management.port}.
     */
    public static KeycloakDistribution fromSystemProperties(String name) {
        KeycloakDistribution distribution = new KeycloakDistribution(
                HarnessConfig.path(HarnessConfig.WORK_DIR).resolve(name),
                HarnessConfig.path(HarnessConfig.DIST_TAR),
                HarnessConfig.path(HarnessConfig.PACK_JAR),
                HarnessConfig.string(HarnessConfig.KEYCLOAK_VERSION, null),
                HarnessConfig.path(HarnessConfig.REALMS_DIR));
        distribution.httpPort = HarnessConfig.integer(HarnessConfig.HTTP_PORT, 0);
        distribution.managementPort = HarnessConfig.integer(HarnessConfig.MANAGEMENT_PORT, 0);
        distribution.startTimeout = Duration.ofSeconds(HarnessConfig.integer(HarnessConfig.START_TIMEOUT_SECONDS, 300));
        return distribution;
    }

    /** Stock Keycloak: no pack in providers/ (for comparisons against what Keycloak does without it). */
    public KeycloakDistribution withoutPack() {
        this.packJar = null;
        return this;
    }

    public KeycloakDistribution database(Database database) {
        this.database = database;
        return this;
    }

    /** 0 picks a free port at start. */
    public KeycloakDistribution httpPort(int port) {
        this.httpPort = port;
        return this;
    }

    /** 0 picks a free port at start. */
    public KeycloakDistribution managementPort(int port) {
        this.managementPort = port;
        return this;
    }

    /** How long {@link #start()} waits for readiness (default {@code idgov.kc.start.timeout.seconds}, else 180 s). */
    public KeycloakDistribution startTimeout(Duration timeout) {
        this.startTimeout = timeout;
        return this;
    }

    /** Extra options for {@code kc.sh start}, after the harness's own. */
    public KeycloakDistribution startOptions(String... options) {
        this.startOptions.addAll(List.of(options));
        return this;
    }

    /** Extra JVM options ({@code JAVA_OPTS_APPEND}), e.g. a heap limit for a constant-memory measurement. */
    public KeycloakDistribution javaOptions(String... options) {
        this.javaOptions.addAll(List.of(options));
        return this;
    }

    /** When true the H2 data directory is deleted before each start, so tests begin from an empty server. */
    /**
     * A cluster node: Infinispan over JGroups with JDBC_PING discovery through the shared database, bound to
     * 127.0.0.1 on a free port, so nodes find each other on this machine and nowhere else.
     */
    public KeycloakDistribution clustered(boolean clustered) {
        this.clustered = clustered;
        return this;
    }

    public KeycloakDistribution freshData(boolean fresh) {
        this.freshData = fresh;
        return this;
    }

    public Database database() {
        return database;
    }

    public Path realmsDir() {
        return realmsDir;
    }

    /** The Keycloak home ({@code bin/}, {@code providers/}, {@code data/}...). */
    public Path home() {
        if (version != null) {
            return baseDir.resolve("keycloak-" + version);
        }
        // Version not passed: use whatever the tar unpacked, if anything.
        try (Stream<Path> dirs = Files.exists(baseDir) ? Files.list(baseDir) : Stream.empty()) {
            return dirs.filter(p -> p.getFileName().toString().startsWith("keycloak-") && Files.isDirectory(p))
                    .findFirst().orElse(baseDir.resolve("keycloak"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path logFile() {
        return baseDir.resolve("server.log");
    }

    public List<String> buildOptions() {
        List<String> options = new ArrayList<>(List.of("--db=" + database.kind(), "--health-enabled=true",
                "--metrics-enabled=true"));
        if (packJar != null) {
            options.add(CIBA_CHANNEL_OPTION); // the provider exists only with the pack installed
        }
        if (!FEATURES.isEmpty()) {
            options.add("--features=" + String.join(",", FEATURES));
        }
        return options;
    }

    /** Unpacks (once), installs the pack and runs {@code kc.sh build} if the pack or build options changed. */
    public void install() throws IOException, InterruptedException {
        Files.createDirectories(baseDir);
        if (!Files.isRegularFile(distTar)) {
            throw new IllegalStateException("No Keycloak distribution at " + distTar + " (run mvn generate-resources)");
        }
        if (packJar != null && !Files.isRegularFile(packJar)) {
            throw new IllegalStateException("No pack JAR at " + packJar + " (build the pack module first)");
        }
        if (!Files.isExecutable(home().resolve("bin/kc.sh"))) {
            run(baseDir, baseDir.resolve("unpack.log"), List.of("tar", "-xzf", distTar.toString(), "-C", baseDir.toString()));
        }
        Path providers = Files.createDirectories(home().resolve("providers"));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(providers, "*.jar")) {
            for (Path jar : jars) {
                // A stale pack (other version or name) would register every provider twice.
                if (packJar == null || !jar.getFileName().equals(packJar.getFileName())) {
                    Files.delete(jar);
                    Files.deleteIfExists(home().resolve(BUILD_MARKER));
                }
            }
        }
        Path installed = packJar == null ? null : providers.resolve(packJar.getFileName());
        // Copy only on change: Keycloak refuses start --optimized when a provider's timestamp moved since the build.
        if (installed != null && (!Files.exists(installed) || Files.mismatch(packJar, installed) != -1L)) {
            Files.copy(packJar, installed, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(home().resolve(BUILD_MARKER));
        }

        String hash = buildHash(installed);
        Path marker = home().resolve(BUILD_MARKER);
        if (Files.exists(marker) && Files.readString(marker).trim().equals(hash)) {
            return;
        }
        Files.deleteIfExists(marker);
        List<String> command = new ArrayList<>(List.of(home().resolve("bin/kc.sh").toString(), "build"));
        command.addAll(buildOptions());
        run(home(), baseDir.resolve("build.log"), command);
        Files.writeString(marker, hash + "\n");
    }

    /** Starts {@code kc.sh start --optimized} and waits for the management {@code /health/ready}. */
    public KeycloakServer start() throws IOException, InterruptedException {
        KeycloakServer server = launch();
        // Waiting happens outside the lock so a shutdown hook (Ctrl-C during start) can still stop the server.
        awaitReady(server);
        return server;
    }

    private synchronized KeycloakServer launch() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Keycloak is already running from " + home());
        }
        if (freshData) {
            deleteTree(home().resolve("data/h2"));
        }
        int http = httpPort > 0 ? httpPort : Ports.free();
        int management = managementPort > 0 ? managementPort : Ports.free();
        List<String> command = new ArrayList<>(List.of(home().resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + http,
                "--http-management-port=" + management, "--hostname-strict=false"));
        if (clustered) {
            command.addAll(List.of("--cache=ispn", "--cache-stack=jdbc-ping"));
        } else {
            command.add("--cache=local"); // a run-time option in 26.7: one node, no JGroups listener, no discovery traffic
        }
        command.addAll(database.startOptions());
        command.addAll(startOptions);

        ProcessBuilder builder = new ProcessBuilder(command).directory(home().toFile()).redirectErrorStream(true)
                .redirectOutput(logFile().toFile());
        environment(builder.environment());
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin");
        if (!javaOptions.isEmpty()) {
            // after what the caller's environment gives (a profiler agent, say), not instead of it
            builder.environment().merge("JAVA_OPTS_APPEND", String.join(" ", javaOptions), (before, added) -> before + " " + added);
        }
        if (clustered) {
            String jgroups = "-Djgroups.bind.address=127.0.0.1 -Djgroups.bind.port=" + Ports.free() + " -Djava.net.preferIPv4Stack=true";
            builder.environment().merge("JAVA_OPTS_APPEND", jgroups, (before, added) -> before + " " + added);
        }
        process = builder.start();
        process.getOutputStream().close();
        shutdownHook = new Thread(this::stop, "keycloak-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        return new KeycloakServer(this, http, management);
    }

    /** Blocks until the Keycloak process ends (the demo uses it to stay up until Ctrl-C); returns its exit code. */
    public int awaitExit() throws InterruptedException {
        Process running;
        synchronized (this) {
            running = process;
        }
        return running == null ? 0 : running.waitFor();
    }

    /** Runs JDBC work in one transaction on this distribution's database; the server must be stopped. */
    public synchronized void inStoppedDatabase(Database.Work work) throws IOException, SQLException {
        if (isRunning()) {
            throw new IllegalStateException("Keycloak is running from " + home() + "; stop it before touching its database");
        }
        database.inTransaction(home(), work);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the whole process tree (kc.sh and its java child): politely first, forcibly after a timeout. */
    public synchronized void stop() {
        terminate(false);
    }

    /** SIGKILL to the whole process tree: a crash, no shutdown hooks, nothing flushed. For durability tests. */
    public synchronized void kill() {
        terminate(true);
    }

    private void terminate(boolean crash) {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        if (crash) {
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(tree, Duration.ofSeconds(10));
        } else {
            tree.forEach(ProcessHandle::destroy);
            if (!awaitExit(tree, STOP_TIMEOUT)) {
                tree.forEach(ProcessHandle::destroyForcibly);
                awaitExit(tree, Duration.ofSeconds(10));
            }
        }
        process = null;
        try {
            if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            }
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from another shutdown hook (the demo's): nothing to remove.
        }
        shutdownHook = null;
    }

    private void awaitReady(KeycloakServer server) throws InterruptedException {
        Duration timeout = startTimeout == null ? Duration.ofSeconds(180) : startTimeout;
        Instant deadline = Instant.now().plus(timeout);
        while (server.readyStatus() != 200) {
            Process running;
            synchronized (this) {
                running = process;
            }
            if (running == null || !running.isAlive()) {
                String code = running == null ? "stopped" : "exited with code " + running.exitValue();
                stop();
                throw new IllegalStateException("Keycloak " + code + " before it was ready; last lines of "
                        + logFile() + ":\n" + Logs.tail(logFile(), 80));
            }
            if (Instant.now().isAfter(deadline)) {
                stop();
                throw new IllegalStateException("Keycloak not ready after " + timeout.toSeconds() + " s; last lines of "
                        + logFile() + ":\n" + Logs.tail(logFile(), 80));
            }
            Thread.sleep(500);
        }
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        CompletableFuture<?>[] exits = handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Same JVM as the harness runs on, and no inherited KC_* variables that would silently override options. */
    private static void environment(Map<String, String> env) {
        env.keySet().removeIf(key -> key.startsWith("KC_"));
        env.put("JAVA_HOME", System.getProperty("java.home"));
    }

    private void run(Path directory, Path log, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        environment(builder.environment());
        Process child = builder.start();
        child.getOutputStream().close();
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.descendants().forEach(ProcessHandle::destroyForcibly);
            child.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " timed out; see " + log);
        }
        if (child.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed with code " + child.exitValue()
                    + "; last lines of " + log + ":\n" + Logs.tail(log, 40));
        }
    }

    /** Pack content, its timestamp in providers/ (Keycloak checks it at start) and the build options. */
    private String buildHash(Path installed) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            if (installed == null) {
                digest.update("stock".getBytes(StandardCharsets.UTF_8));
            } else {
                try (InputStream in = Files.newInputStream(packJar)) {
                    byte[] buffer = new byte[64 * 1024];
                    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                        digest.update(buffer, 0, n);
                    }
                }
                digest.update(String.valueOf(Files.getLastModifiedTime(installed).toMillis()).getBytes(StandardCharsets.UTF_8));
            }
            digest.update((" " + String.join(" ", buildOptions())).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static int httpStatus(HttpClient client, URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
