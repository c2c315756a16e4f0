package dev.nudge.webhooks;

import io.javalin.config.JavalinConfig;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlets.DoSFilter;

/**
 * What the service puts between the internet and its routes, on Javalin's Jetty: the body limit
 * ({@link FormBodyLimit}), Jetty's {@link DoSFilter} answering 429 to an address that requests the public
 * link route too often, and the JSON access log ({@link JsonAccessLog}).
 */
final class PublicEdge {

    private PublicEdge() {
    }

    static void install(JavalinConfig config, WebhookGuards guards, Consumer<String> accessLog) {
        config.http.maxRequestSize = guards.maxBodyBytes();
        config.jetty.modifyServletContextHandler(handler -> {
            handler.addFilter(new FilterHolder(new FormBodyLimit(guards.maxBodyBytes())), "/*",
                    EnumSet.of(DispatcherType.REQUEST));
            FilterHolder rateLimit = new FilterHolder(DoSFilter.class);
            // Per address (not per session or port), refused at once rather than delayed.
            rateLimit.setInitParameters(Map.of("maxRequestsPerSec", String.valueOf(guards.linkRequestsPerSecond()),
                    "delayMs", "-1", "trackSessions", "false", "remotePort", "false", "tooManyCode", "429",
                    "insertHeaders", "false"));
            handler.addFilter(rateLimit, "/l/*", EnumSet.of(DispatcherType.REQUEST));
        });
        config.jetty.modifyServer(server -> server.setRequestLog(new JsonAccessLog(accessLog)));
    }
}
