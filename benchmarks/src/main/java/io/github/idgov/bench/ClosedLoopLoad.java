package io.github.idgov.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop load: a fixed number of users, each on its own thread and HTTP/1.1 connection, sends its request,
 * waits for the answer and sends again, until the round's duration is up or the round's request bound is reached.
 * Latency is recorded per request in nanoseconds in an HdrHistogram. In a closed loop nothing is scheduled ahead,
 * so there is no coordinated omission to correct: the figures are service times under saturation, and throughput
 * is the maximum the server sustains at this concurrency.
 */
final class ClosedLoopLoad implements AutoCloseable {

    private static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final HttpClient http;
    private final ThreadPoolExecutor users;
    private final long maxRequestsPerRound;

    ClosedLoopLoad(int users, long maxRequestsPerRound) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger counter = new AtomicInteger();
        this.users = new ThreadPoolExecutor(users, users, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "bench-user-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.users.prestartAllCoreThreads();
        this.maxRequestsPerRound = maxRequestsPerRound;
    }

    /** The client the users send with; also used for logins and checks outside the measured window. */
    HttpClient http() {
        return http;
    }

    /** Runs one round against {@code realm} (named in failures): user i sends {@code requests.get(i)} in a loop. */
    RoundResult run(String realm, List<HttpRequest> requests, Duration duration) throws InterruptedException {
        if (requests.size() > users.getCorePoolSize()) {
            throw new IllegalArgumentException(requests.size() + " requests for " + users.getCorePoolSize() + " users");
        }
        AtomicLong issued = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Future<UserTally>> running = new ArrayList<>();
        for (HttpRequest request : requests) {
            running.add(users.submit(() -> loop(request, deadline, issued)));
        }
        Histogram latencies = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        long ok = 0;
        long errors = 0;
        String firstError = null;
        long end = start;
        for (Future<UserTally> future : running) {
            UserTally tally;
            try {
                tally = future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("A load user failed in realm " + realm, e.getCause());
            }
            latencies.add(tally.latencies());
            ok += tally.ok();
            errors += tally.errors();
            firstError = firstError == null ? tally.firstError() : firstError;
            end = Math.max(end, tally.end());
        }
        return new RoundResult(ok, errors, firstError, Duration.ofNanos(end - start), latencies, null);
    }

    private UserTally loop(HttpRequest request, long deadline, AtomicLong issued) throws InterruptedException {
        Histogram latencies = new Histogram(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
        long ok = 0;
        long errors = 0;
        String firstError = null;
        long now = System.nanoTime();
        while (now < deadline && issued.incrementAndGet() <= maxRequestsPerRound) {
            long sent = now;
            try {
                int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                now = System.nanoTime();
                if (status == 200) {
                    ok++;
                    latencies.recordValue(Math.min(now - sent, HIGHEST_TRACKABLE_NANOS));
                } else {
                    errors++;
                    firstError = firstError == null ? "HTTP " + status + " from " + request.uri() : firstError;
                }
            } catch (IOException e) {
                now = System.nanoTime();
                errors++;
                firstError = firstError == null ? e + " from " + request.uri() : firstError;
            }
        }
        return new UserTally(latencies, ok, errors, firstError, now);
    }

    @Override
    public void close() {
        users.shutdownNow();
    }

    private record UserTally(Histogram latencies, long ok, long errors, String firstError, long end) {
    }
}
