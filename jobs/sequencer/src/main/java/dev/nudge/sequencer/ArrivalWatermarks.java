package dev.nudge.sequencer;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Watermarks for a job on processing time, where they say how far the inputs have been read rather than what time
 * it is in the events: a split's watermark is the latest Kafka (arrival) timestamp it has read, and the wall clock
 * once it has read nothing for {@code idleMillis} of activity (a reader with nothing left to read has read up to
 * now). After a restore a split starts at nothing and stays there until it has read its backlog, so the operator
 * can tell that the inputs have caught up to the moment it fires a step. Inactivity is measured on Flink's input
 * activity clock, which stops while the source is back-pressured, so records waiting behind a slow operator are
 * not taken for an empty partition.
 */
final class ArrivalWatermarks<T> implements WatermarkGenerator<T> {

    private final long idleMillis;
    private final RelativeClock activity;
    private long latestArrival = Long.MIN_VALUE;
    private long lastRecordAt;
    private long emitted = Long.MIN_VALUE;

    ArrivalWatermarks(long idleMillis, RelativeClock activity) {
        this.idleMillis = idleMillis;
        this.activity = activity;
        this.lastRecordAt = activity.relativeTimeMillis();
    }

    @Override
    public void onEvent(T event, long arrivalTimestamp, WatermarkOutput output) {
        latestArrival = Math.max(latestArrival, arrivalTimestamp);
        lastRecordAt = activity.relativeTimeMillis();
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        boolean readEverything = activity.relativeTimeMillis() - lastRecordAt >= idleMillis;
        long readUpTo = readEverything ? Math.max(latestArrival, System.currentTimeMillis()) : latestArrival;
        if (readUpTo != Long.MIN_VALUE && readUpTo - 1 > emitted) {
            emitted = readUpTo - 1;
            output.emitWatermark(new Watermark(emitted));
        }
    }
}
