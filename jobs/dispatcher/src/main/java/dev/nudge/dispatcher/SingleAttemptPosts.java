package dev.nudge.dispatcher;

import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.Request;
import com.twilio.http.Response;
import dev.nudge.platform.twilio.TwilioClients;
import dev.nudge.platform.twilio.TwilioSettings;
import dev.nudge.platform.twilio.TwilioSmsClient;

/**
 * The SDK's transport without the SDK's own retries for POSTs. The SDK repeats any request answered 5xx up to three
 * times; a create answered 5xx after Twilio stored the message would then send the text twice, behind the ledger's
 * back. The dispatcher retries itself, with the ledger written first. Reads (GET) keep the SDK's retries.
 */
final class SingleAttemptPosts extends HttpClient {

    private final HttpClient delegate;

    SingleAttemptPosts(HttpClient delegate) {
        this.delegate = delegate;
    }

    static TwilioSmsClient smsClient(TwilioSettings settings) {
        return new TwilioSmsClient(TwilioClients.create(settings,
                new SingleAttemptPosts(TwilioClients.transport(settings))));
    }

    @Override
    public Response makeRequest(Request request) {
        return delegate.makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request) {
        return request.getMethod() == HttpMethod.POST ? delegate.makeRequest(request) : delegate.reliableRequest(request);
    }
}
