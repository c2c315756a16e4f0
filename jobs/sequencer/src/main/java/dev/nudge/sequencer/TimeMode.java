package dev.nudge.sequencer;

import org.apache.flink.streaming.api.TimerService;

import java.time.Instant;

/**
 * Which clock fires steps. Production runs on the wall clock, so a text goes out on time even when no events
 * arrive; replays, simulations and tests run on event time, so a month of history takes minutes and is repeatable.
 * Either way the engine re-checks quiet hours and caps at the moment a timer actually fires, so a timer that fires
 * late after an outage cannot break them.
 */
public enum TimeMode {
    PROCESSING_TIME {
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

    /** The engine's clock for a record: in event time, the later of the record's time and the watermark. */
    abstract Instant now(Long recordTimestamp, TimerService timers);

    /** The engine's clock when a timer fires: the wall clock, so a late timer re-checks quiet hours and caps now. */
    abstract Instant timerNow(long timerTimestamp, TimerService timers);

    abstract void registerTimer(TimerService timers, long at);

    abstract void deleteTimer(TimerService timers, long at);
}
