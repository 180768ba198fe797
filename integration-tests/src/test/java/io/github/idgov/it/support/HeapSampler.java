package io.github.idgov.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Samples Keycloak's heap twice a second from the management {@code /metrics} endpoint (Micrometer's JVM metrics)
 * while a long operation runs: the highest heap in use (garbage included) and the highest live data after a
 * collection ({@code jvm_gc_live_data_size_bytes}, the old generation after a GC), which is what stays flat when the
 * operation runs in constant memory.
 */
public final class HeapSampler implements AutoCloseable {

    private static final long PERIOD_MILLIS = 500;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI metrics;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxUsed;
    private volatile long maxLive;
    private volatile long firstLive = -1;
    private volatile int samples;

    private HeapSampler(String managementUrl) {
        this.metrics = URI.create(managementUrl + "/metrics");
        this.thread = new Thread(this::loop, "heap-sampler");
        thread.setDaemon(true);
    }

    public static HeapSampler start(String managementUrl) {
        HeapSampler sampler = new HeapSampler(managementUrl);
        sampler.sample();
        sampler.thread.start();
        return sampler;
    }

    public long maxUsedBytes() {
        return maxUsed;
    }

    public long maxLiveBytes() {
        return maxLive;
    }

    public String report() {
        return String.format("heap: max in use %d MB, live after GC %d MB at the start, max %d MB (%d samples)",
                maxUsed >> 20, Math.max(0, firstLive) >> 20, maxLive >> 20, samples);
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(PERIOD_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sample();
        }
    }

    private void sample() {
        String body;
        try {
            body = http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (java.io.IOException e) {
            return; // a missed sample under load; the next one counts
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long used = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                used += value(line);
            } else if (line.startsWith("jvm_gc_live_data_size_bytes")) {
                long live = value(line);
                if (firstLive < 0) {
                    firstLive = live;
                }
                maxLive = Math.max(maxLive, live);
            }
        }
        maxUsed = Math.max(maxUsed, used);
        samples++;
    }

    private static long value(String line) {
        return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
