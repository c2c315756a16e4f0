package dev.nudge.platform.twilio;

import dev.nudge.events.SmsIntent;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Counter;

/**
 * Sends each intent as it arrives, through the Twilio SDK, from one sender. At-least-once: a restart re-sends the
 * intents since the last checkpoint. It serves the first end-to-end slice only; the dispatcher with its send ledger
 * is the component that sends effectively once.
 */
public final class TwilioTextSink implements Sink<SmsIntent> {

    private final TwilioSettings settings;
    private final String sender;

    public TwilioTextSink(TwilioSettings settings, String sender) {
        this.settings = settings;
        this.sender = sender;
    }

    @Override
    public SinkWriter<SmsIntent> createWriter(WriterInitContext context) {
        TwilioSmsClient client = TwilioSmsClient.create(settings);
        Counter sent = context.metricGroup().counter("textsSent");
        return new SinkWriter<>() {
            @Override
            public void write(SmsIntent intent, Context writeContext) {
                client.send(sender, intent.getToPhone(), intent.getBody(), null);
                sent.inc();
            }

            @Override
            public void flush(boolean endOfInput) {
                // Every write has already been answered by Twilio.
            }

            @Override
            public void close() {
                // The SDK's HTTP client holds no resources that need closing per writer.
            }
        };
    }
}
