package dev.nudge.devstack.twilio;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A tiny HTTP endpoint for tests that receives Twilio status callbacks (from the fake or anything else that posts
 * them) and lets the test wait for them.
 */
public final class StatusCallbackReceiver implements AutoCloseable {

    /**
     * @param url the full URL the callback was posted to, as Twilio signs it
     * @param params the form parameters (single-valued, as Twilio sends them)
     * @param signature the {@code X-Twilio-Signature} header, or null
     */
    public record ReceivedCallback(String url, Map<String, String> params, String signature, Instant receivedAt) {

        public String messageSid() {
            return params.get("MessageSid");
        }

        public String messageStatus() {
            return params.get("MessageStatus");
        }
    }

    private final HttpServer server;
    private final List<ReceivedCallback> received = new ArrayList<>();

    private StatusCallbackReceiver(HttpServer server) {
        this.server = server;
        server.createContext("/", this::receive);
        server.start();
    }

    /** Listens on a free loopback port. */
    public static StatusCallbackReceiver start() {
        try {
            return new StatusCallbackReceiver(
                    HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the status callback receiver", e);
        }
    }

    /** The URL to pass as StatusCallback; {@code path} lets tests tell callers apart (e.g. "/status"). */
    public String url(String path) {
        InetSocketAddress address = server.getAddress();
        return "http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + path;
    }

    public synchronized List<ReceivedCallback> received() {
        return List.copyOf(received);
    }

    /**
     * Waits until at least {@code count} received callbacks match, and returns the matching ones in arrival order.
     *
     * @throws AssertionError when they have not all arrived within {@code timeout}
     */
    public synchronized List<ReceivedCallback> await(Predicate<ReceivedCallback> filter, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ReceivedCallback> matching = received.stream().filter(filter).toList();
            long left = deadline - System.nanoTime();
            if (matching.size() >= count) {
                return matching;
            }
            if (left <= 0) {
                throw new AssertionError("Expected " + count + " matching status callbacks within " + timeout
                        + ", got " + matching.size() + " of " + received);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> params = new LinkedHashMap<>();
            FormEncoding.parse(body).forEach((name, values) -> params.put(name, values.get(0)));
            String url = url(exchange.getRequestURI().toString());
            record(new ReceivedCallback(url, Map.copyOf(params),
                    exchange.getRequestHeaders().getFirst("X-Twilio-Signature"), Instant.now()));
            exchange.sendResponseHeaders(204, -1);
        }
    }

    private synchronized void record(ReceivedCallback callback) {
        received.add(callback);
        notifyAll();
    }
}
