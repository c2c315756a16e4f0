package dev.nudge.devstack.twilio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives every request: records it, checks basic auth, takes a pending injected failure, waits out the injected
 * delay, then answers with the failure or hands the request to the endpoint whose method and path match.
 */
final class ApiRouter implements HttpHandler {

    record Route(String method, Pattern path, Endpoint endpoint) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String accountSid;
    private final String authToken;
    private final FakeBehaviour behaviour;
    private final Consumer<RecordedRequest> recorder;
    private final List<Route> routes;

    ApiRouter(String accountSid, String authToken, FakeBehaviour behaviour, Consumer<RecordedRequest> recorder,
            List<Route> routes) {
        this.accountSid = accountSid;
        this.authToken = authToken;
        this.behaviour = behaviour;
        this.recorder = recorder;
        this.routes = List.copyOf(routes);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            ApiRequest request = ApiRequest.read(exchange);
            recorder.accept(request.record(Instant.now()));
            // Decided on arrival, so a request still held by a delay cannot take a failure meant for a later one.
            Optional<ApiResponse> refusal = refusal(request);
            pause(behaviour.delay());
            write(exchange, refusal.orElseGet(() -> route(request)));
        } catch (RuntimeException e) {
            LOG.error("Twilio fake failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            write(exchange, TwilioErrors.error(500, 20500, "Internal Server Error"));
        } finally {
            exchange.close();
        }
    }

    /** A 401 for wrong credentials or a suspended account, else an injected failure if one is pending. */
    private Optional<ApiResponse> refusal(ApiRequest request) {
        boolean authenticated = request.basicCredentials()
                .map(credentials -> credentials.user().equals(accountSid) && credentials.password().equals(authToken))
                .orElse(false);
        if (!authenticated) {
            return Optional.of(TwilioErrors.unauthorized());
        }
        if (behaviour.accountSuspended()) {
            return Optional.of(TwilioErrors.accountSuspended());
        }
        OptionalInt injected = behaviour.takeFailure();
        return injected.isPresent() ? Optional.of(TwilioErrors.injected(injected.getAsInt())) : Optional.empty();
    }

    private ApiResponse route(ApiRequest request) {
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(request.path());
            if (!matcher.matches()) {
                continue;
            }
            pathKnown = true;
            if (!route.method().equals(request.method())) {
                continue;
            }
            List<String> pathParams = new ArrayList<>();
            for (int group = 1; group <= matcher.groupCount(); group++) {
                pathParams.add(matcher.group(group));
            }
            return pathParams.get(0).equals(accountSid)
                    ? route.endpoint().handle(request, pathParams)
                    : TwilioErrors.notFound(request.path());
        }
        return pathKnown
                ? TwilioErrors.error(405, 20004, "Method not allowed")
                : TwilioErrors.notFound(request.path());
    }

    /** The injected slowness of a real server under load; interrupted when the fake closes. */
    static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        byte[] body = JSON.writeValueAsBytes(response.body());
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(response.status(), body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
