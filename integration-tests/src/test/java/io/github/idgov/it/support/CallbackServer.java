package io.github.idgov.it.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The client's redirect target for browser tests: answers 200 on loopback so the browser lands on a real page. */
public final class CallbackServer implements AutoCloseable {

    private final HttpServer server;

    private CallbackServer(HttpServer server) {
        this.server = server;
    }

    public static CallbackServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "<html><body>callback</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new CallbackServer(server);
    }

    /** The redirect URI to register: {@code http://127.0.0.1:<port>/callback}. */
    public URI redirectUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/callback");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
