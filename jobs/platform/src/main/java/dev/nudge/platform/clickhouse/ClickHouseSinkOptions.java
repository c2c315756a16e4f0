package dev.nudge.platform.clickhouse;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ClickHouseSink} connects, batches and retries. Build with {@link #builder(String)}; every setting but
 * the JDBC URL has a default, listed on its builder method.
 */
public final class ClickHouseSinkOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What the sink does with a batch that still fails after {@code maxRetries} retries. */
    public enum FailureStrategy {
        /** Fail the job, so it restarts from the last checkpoint and writes the batch again. */
        FAIL_JOB,
        /** Log the error, count it in the {@code failures} metric, drop the batch and go on. */
        LOG_AND_DROP
    }

    public static final String DEFAULT_USER = "default";
    public static final String DEFAULT_PASSWORD = "";
    public static final int DEFAULT_MAX_BATCH_ROWS = 5_000;
    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofSeconds(1);
    public static final int DEFAULT_MAX_IN_FLIGHT_BATCHES = 2;
    public static final int DEFAULT_MAX_RETRIES = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(10);
    public static final FailureStrategy DEFAULT_FAILURE_STRATEGY = FailureStrategy.FAIL_JOB;

    private final String jdbcUrl;
    private final ClickHouseLogin login;
    private final int maxBatchRows;
    private final Duration maxBatchDelay;
    private final int maxInFlightBatches;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final FailureStrategy failureStrategy;

    private ClickHouseSinkOptions(Builder builder) {
        this.jdbcUrl = builder.jdbcUrl;
        this.login = new ClickHouseLogin(builder.user, builder.password, builder.caCertificate);
        this.maxBatchRows = builder.maxBatchRows;
        this.maxBatchDelay = builder.maxBatchDelay;
        this.maxInFlightBatches = builder.maxInFlightBatches;
        this.maxRetries = builder.maxRetries;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.failureStrategy = builder.failureStrategy;
    }

    /** Options for the ClickHouse at {@code jdbcUrl}, e.g. {@code jdbc:clickhouse://127.0.0.1:8123/default}. */
    public static Builder builder(String jdbcUrl) {
        return new Builder(jdbcUrl);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String user() {
        return login.user();
    }

    public String password() {
        return login.password();
    }

    /** User, password and the CA certificate for a TLS endpoint. */
    public ClickHouseLogin login() {
        return login;
    }

    public int maxBatchRows() {
        return maxBatchRows;
    }

    public Duration maxBatchDelay() {
        return maxBatchDelay;
    }

    public int maxInFlightBatches() {
        return maxInFlightBatches;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public FailureStrategy failureStrategy() {
        return failureStrategy;
    }

    /**
     * The pause before retry number {@code retry} (1-based): {@code initialBackoff * 2^(retry-1)}, capped at
     * {@code maxBackoff}, of which a random part up to half is taken off ({@code jitter} in [0, 1)) so that writers
     * failing together do not retry in lockstep.
     */
    public Duration backoffBeforeRetry(int retry, double jitter) {
        if (retry < 1) {
            throw new IllegalArgumentException("retry counts from 1, got " + retry);
        }
        if (jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
        }
        long cappedMillis = maxBackoff.toMillis();
        long exponentialMillis = initialBackoff.toMillis() << Math.min(retry - 1, 30);
        long backoffMillis = exponentialMillis <= 0 ? cappedMillis : Math.min(exponentialMillis, cappedMillis);
        return Duration.ofMillis(backoffMillis - (long) (backoffMillis / 2.0 * jitter));
    }

    @Override
    public String toString() {
        return "ClickHouseSinkOptions{jdbcUrl=" + jdbcUrl + ", login=" + login + ", maxBatchRows=" + maxBatchRows
                + ", maxBatchDelay=" + maxBatchDelay + ", maxInFlightBatches=" + maxInFlightBatches
                + ", maxRetries=" + maxRetries + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
                + ", failureStrategy=" + failureStrategy + "}";
    }

    /** Collects settings; {@link #build()} checks them. */
    public static final class Builder {
        private final String jdbcUrl;
        private String user = DEFAULT_USER;
        private String password = DEFAULT_PASSWORD;
        private String caCertificate;
        private int maxBatchRows = DEFAULT_MAX_BATCH_ROWS;
        private Duration maxBatchDelay = DEFAULT_MAX_BATCH_DELAY;
        private int maxInFlightBatches = DEFAULT_MAX_IN_FLIGHT_BATCHES;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private FailureStrategy failureStrategy = DEFAULT_FAILURE_STRATEGY;

        private Builder(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
        }

        /** Default {@value ClickHouseSinkOptions#DEFAULT_USER}. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Default empty. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** User, password and CA certificate at once. */
        public Builder login(ClickHouseLogin login) {
            this.user = login.user();
            this.password = login.password();
            this.caCertificate = login.caCertificate();
            return this;
        }

        /** A batch is sent once it holds this many rows. Default {@value ClickHouseSinkOptions#DEFAULT_MAX_BATCH_ROWS}. */
        public Builder maxBatchRows(int maxBatchRows) {
            this.maxBatchRows = maxBatchRows;
            return this;
        }

        /** A batch is sent at the latest this long after its first row arrived. Default 1 s. */
        public Builder maxBatchDelay(Duration maxBatchDelay) {
            this.maxBatchDelay = maxBatchDelay;
            return this;
        }

        /**
         * Batches sent but not yet written (one being written, the others queued) before the writer blocks, which
         * back-pressures the job. Default {@value ClickHouseSinkOptions#DEFAULT_MAX_IN_FLIGHT_BATCHES}.
         */
        public Builder maxInFlightBatches(int maxInFlightBatches) {
            this.maxInFlightBatches = maxInFlightBatches;
            return this;
        }

        /** Retries of a failed batch insert before the failure strategy applies. Default {@value ClickHouseSinkOptions#DEFAULT_MAX_RETRIES}. */
        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        /** Pause before the first retry; it doubles with each further retry. Default 200 ms. */
        public Builder initialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
            return this;
        }

        /** Longest pause between retries. Default 10 s. */
        public Builder maxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
            return this;
        }

        /** Default {@link FailureStrategy#FAIL_JOB}. */
        public Builder failureStrategy(FailureStrategy failureStrategy) {
            this.failureStrategy = failureStrategy;
            return this;
        }

        public ClickHouseSinkOptions build() {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(maxBatchDelay, "maxBatchDelay");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            Objects.requireNonNull(failureStrategy, "failureStrategy");
            require(jdbcUrl.startsWith("jdbc:clickhouse:"), "jdbcUrl must start with jdbc:clickhouse:, got " + jdbcUrl);
            require(maxBatchRows >= 1, "maxBatchRows must be at least 1, got " + maxBatchRows);
            require(maxBatchDelay.toMillis() >= 1, "maxBatchDelay must be at least 1 ms, got " + maxBatchDelay);
            require(maxInFlightBatches >= 1, "maxInFlightBatches must be at least 1, got " + maxInFlightBatches);
            require(maxRetries >= 0, "maxRetries must not be negative, got " + maxRetries);
            require(initialBackoff.toMillis() >= 1, "initialBackoff must be at least 1 ms, got " + initialBackoff);
            require(maxBackoff.compareTo(initialBackoff) >= 0,
                    "maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff (" + initialBackoff + ")");
            return new ClickHouseSinkOptions(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
