package dev.nudge.devstack.twilio;

import java.util.List;

/** One API operation. The router has already checked authentication and the account in the path. */
interface Endpoint {

    /**
     * @param pathParams the path's variable parts in order; the first is always the AccountSid
     */
    ApiResponse handle(ApiRequest request, List<String> pathParams);
}
