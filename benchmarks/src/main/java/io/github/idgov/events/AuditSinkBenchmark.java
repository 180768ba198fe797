package io.github.idgov.events;

import com.sun.net.httpserver.HttpServer;
import io.github.idgov.it.harness.KafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Each sink's throughput in records per second, as the drainer drives it: one thread, batches of
 * {@value #BATCH} (the default {@code batch-size}) or {@value #LARGE_BATCH} through {@link AuditSink#deliver}. Every record has its own id
 * (the file sink drops ids it has written), so each batch is new work: hash chain, fsync and checkpoint for the
 * file; an HMAC-signed POST to a receiver on 127.0.0.1 for HTTP; acknowledged ({@code acks=all}, idempotent) sends to
 * a single-node KRaft broker on 127.0.0.1 for Kafka. The package is the sinks' own, since they are package-private.
 * Targets (issue 4): file ≥ 100k records/s, Kafka ≥ 50k/s, HTTP ≥ 20k/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditSinkBenchmark {

    static final int BATCH = AuditConfig.DEFAULT_BATCH_SIZE;
    /** An operator's larger {@code batch-size}: fewer fsyncs, POSTs and broker round trips per record. */
    static final int LARGE_BATCH = 1000;
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(AuditConfig.DEFAULT_CHECKPOINT_INTERVAL_MS);
    /** A CLIENT_LOGIN record as the outbox holds it (canonical JSON), its id replaced per record. */
    private static final String RECORD_HEAD = "{\"client\":\"billing-export\",\"decision\":{\"policy\":\"lifecycle\","
            + "\"reason\":\"complete governance metadata, review current\",\"result\":\"allow\"},\"details\":{"
            + "\"client_auth_method\":\"client-secret\",\"grant_type\":\"client_credentials\",\"scope\":\"profile email\"},"
            + "\"id\":\"";
    private static final String RECORD_TAIL = "\",\"ip\":\"10.0.3.17\",\"outcome\":\"success\",\"principal\":{"
            + "\"class\":\"service-account\",\"client_id\":\"billing-export\",\"id\":\"0b6e8c1d-5a4f-4e2b-8c7d-9f1a3e5b7c2d\","
            + "\"owner\":\"alice\",\"username\":\"service-account-billing-export\"},\"realm\":\"acme\",\"source\":\"user\","
            + "\"time\":1764489600123,\"type\":\"CLIENT_LOGIN\"}";

    @Param({"file-fsync", "file-no-fsync", "http", "kafka"})
    public String sink;

    private Path dir;
    private AuditSink target;
    private HttpServer receiver;
    private ExecutorService receiverThreads;
    private KafkaBroker broker;
    private final AtomicLong received = new AtomicLong();
    private long nextId;

    @Setup(Level.Trial)
    public void start() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("idgov-sink-bench");
        byte[] key = "bench-checkpoint-key-3a7e9c41".getBytes(StandardCharsets.UTF_8);
        target = switch (sink) {
            case "file-fsync" -> new FileSink(dir.resolve("audit.jsonl"), true, key, 0, CHECKPOINT_INTERVAL);
            case "file-no-fsync" -> new FileSink(dir.resolve("audit.jsonl"), false, key, 0, CHECKPOINT_INTERVAL);
            case "http" -> new HttpSink(startReceiver(), key, Duration.ofSeconds(5));
            case "kafka" -> {
                broker = KafkaBroker.start(dir.resolve("kafka"));
                // JMH skips the tear-down of a trial whose benchmark threw: the broker process must not outlive the fork
                KafkaBroker started = broker;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
                yield new KafkaSink(new KafkaSettings(broker.bootstrapServers(), "idgov-audit-bench", Duration.ofSeconds(30),
                        new Properties()));
            }
            default -> throw new IllegalArgumentException("unknown sink " + sink);
        };
    }

    /** Reads each batch fully, as a real collector must, and answers 204. */
    private URI startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        receiverThreads = Executors.newFixedThreadPool(2);
        receiver.setExecutor(receiverThreads);
        receiver.createContext("/audit", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.addAndGet(body.readAllBytes().length);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        return URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/audit");
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void deliverBatch() throws AuditSink.DeliveryException {
        target.deliver(freshRecords(BATCH));
    }

    @Benchmark
    @OperationsPerInvocation(LARGE_BATCH)
    public void deliverLargeBatch() throws AuditSink.DeliveryException {
        target.deliver(freshRecords(LARGE_BATCH));
    }

    private List<String> freshRecords(int count) {
        List<String> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(RECORD_HEAD + Long.toHexString(++nextId) + RECORD_TAIL);
        }
        return batch;
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException, InterruptedException {
        target.close();
        if (receiver != null) {
            receiver.stop(0);
            receiverThreads.shutdownNow();
            if (received.get() == 0) {
                throw new IllegalStateException("the HTTP receiver got nothing: the benchmark measured no delivery");
            }
        }
        if (broker != null) {
            broker.close();
        }
        try (var files = Files.walk(dir)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
