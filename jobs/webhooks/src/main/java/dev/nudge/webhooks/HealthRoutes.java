package dev.nudge.webhooks;

import io.javalin.Javalin;
import java.util.function.BooleanSupplier;

/**
 * Kubernetes' probes (deploy/kubernetes/webhooks.yaml): {@code /health/live} answers 200 while the server serves,
 * {@code /health/ready} answers 200 while it can place Twilio's callbacks and 503 otherwise.
 */
final class HealthRoutes {

    private HealthRoutes() {}

    static void addTo(Javalin app, BooleanSupplier ready) {
        app.get("/health/live", ctx -> ctx.result("live"));
        app.get("/health/ready", ctx -> {
            if (ready.getAsBoolean()) {
                ctx.result("ready");
            } else {
                ctx.status(503).result("not ready");
            }
        });
    }
}
