package dev.nudge.platform.twilio;

import com.twilio.http.Request;
import com.twilio.http.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The redirecting SDK transport, keeping every answer it got so a test can inspect it afterwards. */
final class RecordingHttpClient extends RedirectingHttpClient {

    /** @param url the URL the SDK asked for (on api.twilio.com), before redirection */
    record Exchange(String method, String url, int status, String body) {
    }

    private final List<Exchange> exchanges = new ArrayList<>();

    RecordingHttpClient(URI baseUrl, Duration readTimeout) {
        super(baseUrl, readTimeout);
    }

    @Override
    public Response makeRequest(Request request) {
        Response response = super.makeRequest(request);
        String body = response.getContent();
        synchronized (exchanges) {
            exchanges.add(new Exchange(request.getMethod().toString(), request.constructURL().toString(),
                    response.getStatusCode(), body));
        }
        // The content has been read from the stream, so the SDK gets a response built on the text instead.
        return new Response(body, response.getStatusCode(), response.getHeaders());
    }

    /** Everything since the last {@link #takeExchanges()}, oldest first, kept for that call. */
    List<Exchange> peekExchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    /** Everything since the last call, oldest first. */
    List<Exchange> takeExchanges() {
        synchronized (exchanges) {
            List<Exchange> taken = List.copyOf(exchanges);
            exchanges.clear();
            return taken;
        }
    }
}
