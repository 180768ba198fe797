package io.github.idgov.it.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A real HTTP audit receiver on 127.0.0.1: answers 503 for the first N batches, then 200; checks signatures. */
public final class AuditReceiver implements AutoCloseable {

    private final HttpServer server;
    private final byte[] secret;
    private final AtomicInteger failuresLeft;
    private final AtomicInteger refused = new AtomicInteger();
    private final List<String> acceptedBodies = new CopyOnWriteArrayList<>();
    private final List<String> badSignatures = new CopyOnWriteArrayList<>();
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
        server.start();
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
        server.stop(0);
    }
}
