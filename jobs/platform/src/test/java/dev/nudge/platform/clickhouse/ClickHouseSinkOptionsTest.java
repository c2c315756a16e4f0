package dev.nudge.platform.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.platform.clickhouse.ClickHouseSinkOptions.FailureStrategy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClickHouseSinkOptionsTest {

    private static final String URL = "jdbc:clickhouse://127.0.0.1:8123/default";

    @Test
    void defaults() {
        ClickHouseSinkOptions options = ClickHouseSinkOptions.builder(URL).build();

        assertThat(options.jdbcUrl()).isEqualTo(URL);
        assertThat(options.user()).isEqualTo("default");
        assertThat(options.password()).isEmpty();
        assertThat(options.maxBatchRows()).isEqualTo(5_000);
        assertThat(options.maxBatchDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.maxInFlightBatches()).isEqualTo(2);
        assertThat(options.maxRetries()).isEqualTo(5);
        assertThat(options.initialBackoff()).isEqualTo(Duration.ofMillis(200));
        assertThat(options.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
        assertThat(options.failureStrategy()).isEqualTo(FailureStrategy.FAIL_JOB);
    }

    @Test
    void keepsWhatItIsGiven() {
        ClickHouseSinkOptions options = ClickHouseSinkOptions.builder(URL).user("nudge").password("secret")
                .maxBatchRows(10).maxBatchDelay(Duration.ofMillis(50)).maxInFlightBatches(4).maxRetries(0)
                .initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(5))
                .failureStrategy(FailureStrategy.LOG_AND_DROP).build();

        assertThat(options.user()).isEqualTo("nudge");
        assertThat(options.password()).isEqualTo("secret");
        assertThat(options.maxBatchRows()).isEqualTo(10);
        assertThat(options.maxBatchDelay()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.maxInFlightBatches()).isEqualTo(4);
        assertThat(options.maxRetries()).isZero();
        assertThat(options.failureStrategy()).isEqualTo(FailureStrategy.LOG_AND_DROP);
        assertThat(options.toString()).doesNotContain("secret");
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertInvalid(ClickHouseSinkOptions.builder("jdbc:postgresql://db/x"), "jdbcUrl must start with jdbc:clickhouse:");
        assertInvalid(ClickHouseSinkOptions.builder(URL).maxBatchRows(0), "maxBatchRows must be at least 1");
        assertInvalid(ClickHouseSinkOptions.builder(URL).maxBatchDelay(Duration.ZERO), "maxBatchDelay must be at least 1 ms");
        assertInvalid(ClickHouseSinkOptions.builder(URL).maxInFlightBatches(0), "maxInFlightBatches must be at least 1");
        assertInvalid(ClickHouseSinkOptions.builder(URL).maxRetries(-1), "maxRetries must not be negative");
        assertInvalid(ClickHouseSinkOptions.builder(URL).initialBackoff(Duration.ZERO), "initialBackoff must be at least 1 ms");
        assertInvalid(ClickHouseSinkOptions.builder(URL).initialBackoff(Duration.ofSeconds(2)).maxBackoff(Duration.ofSeconds(1)),
                "must not be shorter than initialBackoff");
        assertThatThrownBy(() -> ClickHouseSinkOptions.builder(URL).failureStrategy(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("failureStrategy");
    }

    @Test
    void backoffDoublesUpToTheCapAndJitterTakesOffUpToHalf() {
        ClickHouseSinkOptions options = ClickHouseSinkOptions.builder(URL)
                .initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofMillis(1_000)).build();

        assertThat(options.backoffBeforeRetry(1, 0)).isEqualTo(Duration.ofMillis(100));
        assertThat(options.backoffBeforeRetry(2, 0)).isEqualTo(Duration.ofMillis(200));
        assertThat(options.backoffBeforeRetry(4, 0)).isEqualTo(Duration.ofMillis(800));
        assertThat(options.backoffBeforeRetry(5, 0)).isEqualTo(Duration.ofMillis(1_000));
        assertThat(options.backoffBeforeRetry(500, 0)).isEqualTo(Duration.ofMillis(1_000));
        assertThat(options.backoffBeforeRetry(2, 0.5)).isEqualTo(Duration.ofMillis(150));
        assertThat(options.backoffBeforeRetry(2, 0.999)).isEqualTo(Duration.ofMillis(101));
        assertThatThrownBy(() -> options.backoffBeforeRetry(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> options.backoffBeforeRetry(1, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertInvalid(ClickHouseSinkOptions.Builder builder, String message) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
