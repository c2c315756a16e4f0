package dev.nudge.devstack.twilio;

import java.util.List;

/** {@code GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json}. */
final class FetchMessageHandler implements Endpoint {

    private final MessageStore store;

    FetchMessageHandler(MessageStore store) {
        this.store = store;
    }

    @Override
    public ApiResponse handle(ApiRequest request, List<String> pathParams) {
        String accountSid = pathParams.get(0);
        return store.get(pathParams.get(1))
                .filter(message -> message.accountSid().equals(accountSid))
                .map(message -> ApiResponse.json(200, MessageJson.render(message)))
                .orElseGet(() -> TwilioErrors.notFound(request.path()));
    }
}
