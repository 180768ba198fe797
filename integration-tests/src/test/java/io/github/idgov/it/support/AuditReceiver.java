package io.github.idgov.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP audit receiver on 127.0.0.1: answers 503 for the first N batches, then 200; checks signatures. It can
 * also be slow: hold each batch longer than the sink waits, so the sink gives up on it and must send it again.
 */
public final class AuditReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final byte[] secret;
    private final AtomicInteger failuresLeft;
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> acceptedBodies = new CopyOnWriteArrayList<>();
    private final List<String> badSignatures = new CopyOnWriteArrayList<>();
    private final List<String> lateBodies = new CopyOnWriteArrayList<>();
    /** Released on close, so held batches do not outlive the receiver. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    /** When positive, every batch is held this long before it is answered (too late for a sink with a shorter timeout). */
    private volatile Duration holdFor = Duration.ZERO;
    /** When not 0, every batch is answered with this status (a sink that is down, or one that refuses for good). */
    private volatile int forcedStatus;
    /** While closed, every batch waits at the gate (a receiver stalled, within the sink's timeout). */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public AuditReceiver(int port, String path, String secret, int failFirst) throws IOException {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.failuresLeft = new AtomicInteger(failFirst);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext(path, exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String timestamp = exchange.getRequestHeaders().getFirst("X-Idgov-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Signature");
            int status;
            Duration hold = holdFor;
            if (!hold.isZero()) {
                lateBodies.add(body);
                try {
                    closing.await(hold.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answerLate(exchange);
                return;
            }
            awaitGate();
            if (forcedStatus != 0) {
                refused.incrementAndGet();
                status = forcedStatus;
            } else if (failuresLeft.getAndDecrement() > 0) {
                refused.incrementAndGet();
                status = 503;
            } else if (signature == null || timestamp == null || !signature.equals("sha256=" + hmac(timestamp + "." + body))) {
                badSignatures.add(body);
                status = 401;
            } else {
                acceptedBodies.add(body);
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(handlers); // a held batch must not hold up the sink's next attempt
        server.start();
    }

    private void awaitGate() {
        try {
            CountDownLatch current = gate;
            while (current.getCount() > 0 && closing.getCount() > 0) {
                current.await(100, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The sink gave up on a held batch and closed the connection: the late answer has nobody to reach. */
    private static void answerLate(HttpExchange exchange) {
        try {
            exchange.sendResponseHeaders(200, -1);
        } catch (IOException gone) {
            // expected: the sink timed out and left; the batch is not delivered and will come again
        } finally {
            exchange.close();
        }
    }

    /** Holds every batch for {@code delay} before answering; {@link Duration#ZERO} answers at once again. */
    public void answerAfter(Duration delay) {
        holdFor = delay;
    }

    /** Holds every batch from now on until {@link #open()}, then takes it (a stall shorter than the sink's timeout). */
    public void stall() {
        gate = new CountDownLatch(1);
    }

    /** Ends a {@link #stall()}: the held batches and every later one are taken. */
    public void open() {
        gate.countDown();
    }

    /** The bodies of the batches that were held (answered too late, so not delivered). */
    public String held() {
        return String.join("\n", lateBodies);
    }

    /** Answers every batch with {@code status} from now on; 0 goes back to accepting signed batches. */
    public void answer(int status) {
        forcedStatus = status;
    }

    public String accepted() {
        return String.join("\n", acceptedBodies);
    }

    /** Every record of every accepted batch, in arrival order (a record sent twice is listed twice). */
    public List<Map<String, Object>> acceptedRecords() {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String body : acceptedBodies) {
            try {
                records.addAll(JSON.readValue(body, new TypeReference<List<Map<String, Object>>>() { }));
            } catch (IOException e) {
                throw new UncheckedIOException("the sink sent a batch that is not a JSON array: " + body, e);
            }
        }
        return records;
    }

    public int refusedBatches() {
        return refused.get();
    }

    public List<String> badSignatures() {
        return badSignatures;
    }

    private String hmac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
