package io.github.idgov.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
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
