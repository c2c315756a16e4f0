package dev.nudge.dispatcher;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HealthServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theProbesFollowTheirConditions() throws Exception {
        AtomicBoolean live = new AtomicBoolean(true);
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HealthServer health = HealthServer.start(0, live::get, ready::get)) {
            assertThat(status(health, "/health/live")).isEqualTo(200);
            assertThat(status(health, "/health/ready")).isEqualTo(503);
            ready.set(true);
            assertThat(status(health, "/health/ready")).isEqualTo(200);
            live.set(false);
            assertThat(status(health, "/health/live")).isEqualTo(503);
        }
    }

    private int status(HealthServer health, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
