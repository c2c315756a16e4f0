package dev.nudge.dispatcher;

import dev.nudge.dispatcher.ledger.SendLedgerEntry;
import dev.nudge.platform.topics.Topic;
import dev.nudge.platform.topics.Topics;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * {@code nudge.send-ledger}: the dispatcher's durable memory of every send, keyed by intentId and compacted, so the
 * latest entry of every intent is kept for good. Declared here rather than in {@link Topics} because its record type
 * belongs to the dispatcher.
 */
public final class SendLedgerTopic {

    public static final String NAME = "nudge.send-ledger";
    /** Spreads the ledger over the brokers; readers always read all partitions. */
    public static final int PARTITIONS = 4;

    private SendLedgerTopic() {
    }

    public static Topic<SendLedgerEntry> of(Topics topics) {
        return new Topic<>(topics.prefix() + NAME, PARTITIONS, Topic.BROKER_DEFAULT_REPLICATION, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1"), SendLedgerEntry.class);
    }
}
