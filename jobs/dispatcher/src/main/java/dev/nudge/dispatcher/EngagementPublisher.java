package dev.nudge.dispatcher;

import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.EngagementType;
import dev.nudge.events.Tenant;
import dev.nudge.platform.kafka.AvroCodec;
import dev.nudge.platform.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes what happened to a send on the engagement topic, keyed by customerId. Event ids are deterministic
 * ({@code intentId:TYPE}), so an event published again after a crash is recognisably the same event.
 */
final class EngagementPublisher implements AutoCloseable {

    private final Topic<EngagementEvent> topic;
    private final AvroCodec<EngagementEvent> codec;
    private final KafkaProducer<String, byte[]> producer;

    EngagementPublisher(String bootstrapServers, Topic<EngagementEvent> topic) {
        this.topic = topic;
        this.codec = topic.codec();
        this.producer = KafkaClients.durableProducer(bootstrapServers, "nudge-dispatcher-engagements");
    }

    /** Publishes and waits for the broker's acknowledgement. */
    void publish(SendLedgerEntry send, EngagementType type, Instant at) {
        EngagementEvent event = EngagementEvent.newBuilder()
                .setEventId(send.getIntentId() + ":" + type)
                .setTenant(new Tenant(send.getBrandId(), send.getLocationId()))
                .setCustomerId(send.getCustomerId())
                .setEventTime(at)
                .setType(type)
                .setMessageId(send.getIntentId())
                .setProviderMessageId(send.getProviderMessageId())
                .setErrorCode(send.getErrorCode())
                .setSequenceId(send.getSequenceId())
                .setSequenceVersion(send.getSequenceVersion())
                .setStep(send.getStep())
                .setVariant(send.getVariant())
                .setPhoneE164(send.getToPhone())
                .build();
        try {
            producer.send(new ProducerRecord<>(topic.name(), send.getCustomerId(), codec.encode(event))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot publish " + type + " for " + send.getIntentId(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted publishing an engagement", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
