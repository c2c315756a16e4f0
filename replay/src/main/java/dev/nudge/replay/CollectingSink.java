package dev.nudge.replay;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** Hands every record, and the watermarks, to its replay run's {@link ReplayChannels}. */
final class CollectingSink<T> implements Sink<T> {

    private final String runId;
    private final ReplayChannels.Channel channel;

    CollectingSink(String runId, ReplayChannels.Channel channel) {
        this.runId = runId;
        this.channel = channel;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        ReplayChannels channels = ReplayChannels.of(runId);
        return new SinkWriter<>() {
            @Override
            public void write(T record, Context context) {
                channel.accept(channels, record);
            }

            @Override
            public void writeWatermark(Watermark watermark) {
                channel.onWatermark(channels, watermark.getTimestamp());
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
