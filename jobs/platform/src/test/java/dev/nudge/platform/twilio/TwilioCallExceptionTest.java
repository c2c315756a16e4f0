package dev.nudge.platform.twilio;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.AuthenticationException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class TwilioCallExceptionTest {

    @Test
    void rateLimitsServerErrorsAndMissingAnswersAreRetryable() {
        assertThat(TwilioCallException.from("x", new ApiException("Too Many Requests", 429)).isRetryable()).isTrue();
        assertThat(TwilioCallException.from("x", new ApiException("Bad Gateway", 502)).isRetryable()).isTrue();
        TwilioCallException timeout = TwilioCallException.from("x",
                new ApiException("Read timed out", new SocketTimeoutException("Read timed out")));
        assertThat(timeout.isRetryable()).isTrue();
        assertThat(timeout.httpStatus()).isZero();
        assertThat(timeout.twilioCode()).isEmpty();
        assertThat(TwilioCallException.from("x", new ApiConnectionException("no answer")).isRetryable()).isTrue();
    }

    @Test
    void otherClientErrorsAndMissingCredentialsArePermanent() {
        assertThat(TwilioCallException.from("x", new ApiException("Not Found", 404)).isPermanent()).isTrue();
        assertThat(TwilioCallException.from("x", new AuthenticationException("no credentials")).isPermanent()).isTrue();
    }
}
