package io.github.idgov.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One Apache Kafka broker (KRaft, broker and controller in one process) on 127.0.0.1, run from the class path
 * the {@code kafka-test-broker} module resolved. Its data directory survives {@link #stop()}, so a test can
 * take the broker away and bring the same one back.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path dir;
    private final String classpath;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBroker(Path dir, String classpath, int port, int controllerPort) {
        this.dir = dir;
        this.classpath = classpath;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** True when the module's class path file exists (the reactor built {@code kafka-test-broker}). */
    public static boolean available() {
        String file = System.getProperty("idgov.kafka.classpath.file");
        return file != null && Files.isRegularFile(Path.of(file));
    }

    /** Formats a fresh data directory under {@code dir} and starts the broker on free loopback ports. */
    public static KafkaBroker start(Path dir) throws IOException, InterruptedException {
        String classpath = Files.readString(Path.of(System.getProperty("idgov.kafka.classpath.file"))).strip();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        KafkaBroker broker = new KafkaBroker(dir, classpath, Ports.free(), Ports.free());
        broker.writeConfig();
        broker.format();
        broker.restart();
        return broker;
    }

    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** Starts the broker again on the same ports and data (after {@link #stop()}). */
    public void restart() throws IOException, InterruptedException {
        process = java("kafka.Kafka", dir.resolve("server.properties").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Ports.answers(HOST, port)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka broker exited with " + process.exitValue() + "; see " + dir.resolve("broker.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka broker not listening on " + bootstrapServers() + " after " + START_TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    /** Takes the broker away (SIGKILL: no goodbye to clients), keeping its data. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        while (!Ports.isFree(port) || !Ports.isFree(controllerPort)) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private void writeConfig() throws IOException {
        String config = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort,
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=true",
                "");
        Files.writeString(dir.resolve("server.properties"), config);
    }

    private void format() throws IOException, InterruptedException {
        Process formatter = java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
                dir.resolve("server.properties").toString())
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("format.log").toFile()))
                .start();
        if (!formatter.waitFor(120, TimeUnit.SECONDS) || formatter.exitValue() != 0) {
            formatter.destroyForcibly();
            throw new IllegalStateException("Formatting Kafka storage failed; see " + dir.resolve("format.log"));
        }
    }

    /** Kafka's cluster id: 16 random bytes, URL-safe base64 without padding. */
    private static String clusterId() {
        UUID uuid = UUID.randomUUID();
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
