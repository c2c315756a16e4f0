package dev.nudge.dispatcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Kubernetes' probes for the dispatcher (deploy/kubernetes/dispatcher.yaml), on the JDK's HTTP server:
 * {@code /health/live} and {@code /health/ready} answer 200 while their condition holds and 503 otherwise.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Serves the probes on {@code port} (0: any free one) of every interface. */
    public static HealthServer start(int port, BooleanSupplier live, BooleanSupplier ready) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/health/live", exchange -> answer(exchange, live.getAsBoolean(), "live"));
            server.createContext("/health/ready", exchange -> answer(exchange, ready.getAsBoolean(), "ready"));
            server.start();
            return new HealthServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the health endpoints on port " + port, e);
        }
    }

    /** The server, for more endpoints next to the probes. */
    public HttpServer httpServer() {
        return server;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, boolean healthy, String what) throws IOException {
        byte[] body = ((healthy ? "" : "not ") + what).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(healthy ? 200 : 503, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
