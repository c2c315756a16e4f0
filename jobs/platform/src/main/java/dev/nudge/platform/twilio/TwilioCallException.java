package dev.nudge.platform.twilio;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.OptionalInt;

/**
 * A Twilio call that did not succeed, classified for the caller: <b>retryable</b> (HTTP 429, any 5xx, no usable
 * answer at all such as a timeout or a refused connection) or <b>permanent</b> (every other 4xx, e.g. Twilio error
 * 21211 invalid number or 21610 unsubscribed recipient, and wrong credentials).
 *
 * <p>A retryable send may still have created the message (a timeout after Twilio accepted it), so retry senders
 * must tolerate a duplicate or check first. The SDK itself already made up to three attempts on a 5xx answer;
 * a 429 comes back at once (see {@link TwilioClients}).
 */
public final class TwilioCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final Integer twilioCode;
    private final boolean retryable;

    TwilioCallException(String message, int httpStatus, Integer twilioCode, boolean retryable, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.twilioCode = twilioCode;
        this.retryable = retryable;
    }

    static TwilioCallException from(String operation, TwilioException failure) {
        if (failure instanceof ApiException api && api.getStatusCode() != null && api.getStatusCode() > 0) {
            int status = api.getStatusCode();
            Integer code = api.getCode();
            return new TwilioCallException(operation + " failed: HTTP " + status
                    + (code == null ? "" : ", Twilio error " + code)
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()),
                    status, code, isRetryableStatus(status), failure);
        }
        if (failure instanceof ApiConnectionException || failure.getCause() instanceof IOException) {
            return new TwilioCallException(operation + " got no usable answer: " + failure.getMessage(),
                    0, null, true, failure);
        }
        return new TwilioCallException(operation + " failed: " + failure.getMessage(), 0, null, false, failure);
    }

    static boolean isRetryableStatus(int httpStatus) {
        return httpStatus == 429 || httpStatus >= 500;
    }

    /** The HTTP status of Twilio's answer, or 0 when there was none (timeout, connection failure). */
    public int httpStatus() {
        return httpStatus;
    }

    /** Twilio's error code (e.g. 21211, 21610, 20429), when the answer carried one. */
    public OptionalInt twilioCode() {
        return twilioCode == null ? OptionalInt.empty() : OptionalInt.of(twilioCode);
    }

    /**
     * Whether the request provably never reached Twilio: the connection was refused (nothing listening, or a
     * firewall's reset). Unlike a time-out or a 5xx, such a call cannot have created anything.
     */
    public boolean neverConnected() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    public boolean isRetryable() {
        return retryable;
    }

    public boolean isPermanent() {
        return !retryable;
    }
}
