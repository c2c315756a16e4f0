package dev.nudge.sequencer;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;

/**
 * Which clock fires steps. Production runs on the wall clock, so a text goes out on time even when no events
 * arrive; replays, simulations and tests run on event time, so a month of history takes minutes and is repeatable.
 * Either way the engine re-checks quiet hours and caps at the moment a timer actually fires, so a timer that fires
 * late after an outage cannot break them.
 *
 * <p>On the wall clock a step also waits until the inputs have been read up to the moment it fires
 * ({@link #inputsBehind}): after an outage the overdue timers fire on restore, before the backlog is read, and a
 * STOP or a purchase in that backlog must still stop the step. The watermarks then track how far the inputs have
 * been read ({@link ArrivalWatermarks}); in event time they are event time itself and a step can never outrun them.
 */
public enum TimeMode {
    PROCESSING_TIME {
        @Override
        <T> WatermarkStrategy<T> watermarks(EventTimeOf<T> eventTime, Duration maxOutOfOrderness, Duration idleness) {
            return WatermarkStrategy.<T>forGenerator(context ->
                            new ArrivalWatermarks<>(idleness.toMillis(), context.getInputActivityClock()))
                    // The Kafka timestamp is the arrival; a source without one falls back to the event time.
                    .withTimestampAssigner((input, arrival) -> arrival > 0 ? arrival : eventTime.of(input));
        }

        @Override
        boolean inputsBehind(TimerService timers, Instant now, Duration tolerance) {
            return timers.currentWatermark() < now.toEpochMilli() - tolerance.toMillis();
        }

        @Override
        void waitForInputs(TimerService timers, Instant now, Duration tolerance) {
            // Whole seconds, so a customer with many records in the backlog gets few wake-ups.
            long readUpTo = now.toEpochMilli() - tolerance.toMillis();
            timers.registerEventTimeTimer(Math.floorDiv(readUpTo + 999, 1000) * 1000);
        }

        @Override
        TimeDomain timerDomain() {
            return TimeDomain.PROCESSING_TIME;
        }

        @Override
        Instant now(Long recordTimestamp, TimerService timers) {
            return Instant.ofEpochMilli(timers.currentProcessingTime());
        }

        @Override
        Instant timerNow(long timerTimestamp, TimerService timers) {
            return Instant.ofEpochMilli(timers.currentProcessingTime());
        }

        @Override
        void registerTimer(TimerService timers, long at) {
            timers.registerProcessingTimeTimer(at);
        }

        @Override
        void deleteTimer(TimerService timers, long at) {
            timers.deleteProcessingTimeTimer(at);
        }
    },
    EVENT_TIME {
        @Override
        <T> WatermarkStrategy<T> watermarks(EventTimeOf<T> eventTime, Duration maxOutOfOrderness, Duration idleness) {
            return WatermarkStrategy.<T>forBoundedOutOfOrderness(maxOutOfOrderness)
                    .withTimestampAssigner((input, kafkaTimestamp) -> eventTime.of(input))
                    .withIdleness(idleness);
        }

        @Override
        boolean inputsBehind(TimerService timers, Instant now, Duration tolerance) {
            return false;
        }

        @Override
        void waitForInputs(TimerService timers, Instant now, Duration tolerance) {
            throw new IllegalStateException("in event time the inputs are never behind the clock");
        }

        @Override
        TimeDomain timerDomain() {
            return TimeDomain.EVENT_TIME;
        }

        @Override
        Instant now(Long recordTimestamp, TimerService timers) {
            long watermark = timers.currentWatermark();
            long now = recordTimestamp == null ? watermark : Math.max(recordTimestamp, watermark);
            return Instant.ofEpochMilli(now);
        }

        /** The timer's own time: the watermark may already be far past it when several timers fire at once. */
        @Override
        Instant timerNow(long timerTimestamp, TimerService timers) {
            return Instant.ofEpochMilli(timerTimestamp);
        }

        @Override
        void registerTimer(TimerService timers, long at) {
            timers.registerEventTimeTimer(at);
        }

        @Override
        void deleteTimer(TimerService timers, long at) {
            timers.deleteEventTimeTimer(at);
        }
    };

    /** A record's own event time. */
    interface EventTimeOf<T> extends Serializable {
        long of(T input);
    }

    /** How the sources stamp records and move the watermark; {@code eventTime} gives a record's event time. */
    abstract <T> WatermarkStrategy<T> watermarks(EventTimeOf<T> eventTime, Duration maxOutOfOrderness, Duration idleness);

    /** Whether the inputs are read less far than {@code tolerance} before {@code now}, so steps must wait. */
    abstract boolean inputsBehind(TimerService timers, Instant now, Duration tolerance);

    /** Asks for a wake-up once the inputs have been read up to {@code now} (less the tolerance). */
    abstract void waitForInputs(TimerService timers, Instant now, Duration tolerance);

    /** The domain of the timers {@link #registerTimer} sets; others are {@link #waitForInputs} wake-ups. */
    abstract TimeDomain timerDomain();

    /** The engine's clock for a record: in event time, the later of the record's time and the watermark. */
    abstract Instant now(Long recordTimestamp, TimerService timers);

    /** The engine's clock when a timer fires: the wall clock, so a late timer re-checks quiet hours and caps now. */
    abstract Instant timerNow(long timerTimestamp, TimerService timers);

    abstract void registerTimer(TimerService timers, long at);

    abstract void deleteTimer(TimerService timers, long at);
}
