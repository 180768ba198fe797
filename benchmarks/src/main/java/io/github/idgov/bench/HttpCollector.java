package io.github.idgov.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit HTTP sink's collector for the outage comparison: on 127.0.0.1, answers every batch 204 while up; down,
 * nothing listens on its port (connection refused), as when a collector is stopped.
 */
final class HttpCollector implements AutoCloseable {

    private final int port;
    private final AtomicLong batches = new AtomicLong();
    private HttpServer server;
    private ExecutorService threads;

    HttpCollector() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
    }

    String url() {
        return "http://127.0.0.1:" + port + "/audit";
    }

    long batches() {
        return batches.get();
    }

    synchronized void up() throws IOException {
        if (server != null) {
            return;
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        threads = Executors.newFixedThreadPool(2);
        server.setExecutor(threads);
        server.createContext("/audit", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            batches.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    synchronized void down() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        down();
    }
}
