package io.github.idgov.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Loopback port helpers: every server the harness starts binds 127.0.0.1 only. */
public final class Ports {

    /** Every port {@link #free()} returned in this JVM: a test's servers never share one. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    /**
     * A port the OS reports free right now and that this JVM has not handed out before (small race with other
     * processes is accepted). The OS may offer the port it just offered again: two calls in a row once gave Keycloak
     * the same HTTP and management port, and its readiness check never answered.
     */
    public static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = offered();
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No port on 127.0.0.1 that this JVM has not handed out already, after 100 tries");
    }

    private static int offered() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1", e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    /** True when something accepts TCP connections on host:port within one second. */
    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
