package dev.nudge.webhooks;

import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class HealthRoutesTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void liveWhileServingReadyWhileTheConditionHolds() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(true);
        Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
        HealthRoutes.addTo(app, ready::get);
        app.start("127.0.0.1", 0);
        try {
            assertThat(status(app, "/health/live")).isEqualTo(200);
            assertThat(status(app, "/health/ready")).isEqualTo(200);
            ready.set(false);
            assertThat(status(app, "/health/ready")).isEqualTo(503);
            assertThat(status(app, "/health/live")).isEqualTo(200);
        } finally {
            app.stop();
        }
    }

    private int status(Javalin app, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
