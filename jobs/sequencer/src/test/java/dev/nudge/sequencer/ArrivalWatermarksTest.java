package dev.nudge.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.ManualClock;
import org.junit.jupiter.api.Test;

class ArrivalWatermarksTest {

    private static final long IDLE_MILLIS = 5_000;
    private final ManualClock activity = new ManualClock();
    private final List<Long> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
            throw new AssertionError("a split on processing time is never idle: it moves on with the clock");
        }

        @Override
        public void markActive() {
        }
    };

    @Test
    void aRestoredSplitSaysNothingUntilItHasReadOrFoundNothingToRead() {
        ArrivalWatermarks<String> watermarks = new ArrivalWatermarks<>(IDLE_MILLIS, activity);
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).isEmpty();

        long beforeIdle = System.currentTimeMillis();
        activity.advanceTime(Duration.ofMillis(IDLE_MILLIS));
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).singleElement().satisfies(mark -> assertThat(mark).isGreaterThanOrEqualTo(beforeIdle - 1));
    }

    @Test
    void aSplitReadingItsBacklogIsAsFarAsTheLatestArrivalItRead() {
        ArrivalWatermarks<String> watermarks = new ArrivalWatermarks<>(IDLE_MILLIS, activity);
        watermarks.onEvent("stop", 1_000, output);
        watermarks.onEvent("late-producer", 900, output);
        watermarks.onPeriodicEmit(output);
        activity.advanceTime(Duration.ofMillis(IDLE_MILLIS - 1));
        watermarks.onEvent("purchase", 2_000, output);
        activity.advanceTime(Duration.ofMillis(IDLE_MILLIS - 1));
        watermarks.onPeriodicEmit(output);
        assertThat(emitted).containsExactly(999L, 1_999L);
    }
}
