package io.github.idgov.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Batched POST of a JSON array. {@code X-Idgov-Timestamp} (epoch seconds) and
 * {@code X-Signature: sha256=<hex HMAC-SHA256 of timestamp + "." + body>} let the receiver authenticate the batch.
 * 2xx is delivered; 408, 429, 5xx and I/O errors are retried; any other 4xx is dead-lettered.
 */
final class HttpSink implements AuditSink {

    static final String NAME = "http";
    static final String TIMESTAMP_HEADER = "X-Idgov-Timestamp";
    static final String SIGNATURE_HEADER = "X-Signature";

    private final URI url;
    private final byte[] secret;
    private final Duration timeout;
    private final HttpClient client;

    HttpSink(URI url, byte[] secret, Duration timeout) {
        this.url = url;
        this.secret = secret.clone();
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void deliver(List<String> records) throws DeliveryException {
        String body = "[" + String.join(",", records) + "]";
        String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, "sha256=" + sign(timestamp + "." + body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        int status;
        try {
            status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (HttpTimeoutException e) {
            throw new DeliveryException("timeout posting to " + url, true, e);
        } catch (IOException e) {
            throw new DeliveryException("cannot post to " + url + ": " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted posting to " + url, true, e);
        }
        if (status >= 200 && status < 300) {
            return;
        }
        boolean retryable = status == 408 || status == 429 || status >= 500;
        throw new DeliveryException(url + " answered " + status, retryable, null);
    }

    private String sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    @Override
    public void close() {
        // HttpClient has no close before Java 21; its threads end with the client
    }
}
