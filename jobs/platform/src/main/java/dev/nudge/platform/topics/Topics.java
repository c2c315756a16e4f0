package dev.nudge.platform.topics;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.nudge.events.BrowseEvent;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.EngagementEvent;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.VariantOutcome;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every Kafka topic Nudge reads or writes, declared in this one place. The comment on each says what its key is.
 *
 * <p>{@link #standard()} gives the plain names ({@code nudge.purchases} ...). Several environments can share one
 * cluster through a prefix: {@code Topics.withPrefix("staging.")} names {@code staging.nudge.purchases} and so on.
 * Replication is left to the broker's {@code default.replication.factor} unless {@link #withReplication} says
 * otherwise.
 */
public final class Topics implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Topics keyed by customer: enough partitions to spread the engine over a few task slots. */
    public static final int CUSTOMER_KEYED_PARTITIONS = 4;
    /** Sequence definitions and their rejections: one partition keeps every definition change in order. */
    public static final int DEFINITION_PARTITIONS = 1;
    /** The catalog is read whole by every engine task, so its partitions only spread load on the brokers. */
    public static final int CATALOG_PARTITIONS = 4;
    /** Dead letters are rare and read by people: one partition, in arrival order. */
    public static final int DEAD_LETTER_PARTITIONS = 1;

    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration MONTH = Duration.ofDays(30);

    private final String prefix;
    private final short replication;

    private final Topic<PurchaseEvent> purchases;
    private final Topic<BrowseEvent> browse;
    private final Topic<CustomerEvent> customers;
    private final Topic<EngagementEvent> engagements;
    private final Topic<CatalogUpdate> catalog;
    private final Topic<SequenceDefinition> sequenceDefinitions;
    private final Topic<SmsIntent> outbox;
    private final Topic<Decision> decisions;
    private final Topic<DeadLetter> deadLetters;
    private final Topic<Decision> definitionRejections;
    private final Topic<ConsentEntry> suppressions;
    private final Topic<VariantOutcome> variantOutcomes;

    private Topics(String prefix, short replication) {
        this.prefix = prefix;
        this.replication = replication;
        purchases = kept("nudge.purchases", CUSTOMER_KEYED_PARTITIONS, MONTH, PurchaseEvent.class);
        browse = kept("nudge.browse", CUSTOMER_KEYED_PARTITIONS, WEEK, BrowseEvent.class);
        customers = kept("nudge.customers", CUSTOMER_KEYED_PARTITIONS, MONTH, CustomerEvent.class);
        engagements = kept("nudge.engagements", CUSTOMER_KEYED_PARTITIONS, MONTH, EngagementEvent.class);
        catalog = compacted("nudge.catalog", CATALOG_PARTITIONS, CatalogUpdate.class);
        sequenceDefinitions = compacted("nudge.sequence-definitions", DEFINITION_PARTITIONS, SequenceDefinition.class);
        outbox = kept("nudge.outbox", CUSTOMER_KEYED_PARTITIONS, WEEK, SmsIntent.class);
        decisions = kept("nudge.decisions", CUSTOMER_KEYED_PARTITIONS, MONTH, Decision.class);
        deadLetters = kept("nudge.dead-letters", DEAD_LETTER_PARTITIONS, MONTH, DeadLetter.class);
        definitionRejections = kept("nudge.definition-rejections", DEFINITION_PARTITIONS, MONTH, Decision.class);
        suppressions = permanent("nudge.suppressions", CUSTOMER_KEYED_PARTITIONS, ConsentEntry.class);
        variantOutcomes = kept("nudge.variant-outcomes", CUSTOMER_KEYED_PARTITIONS, MONTH, VariantOutcome.class);
    }

    /** The plain topic names, replication as the broker's default. */
    public static Topics standard() {
        return new Topics("", Topic.BROKER_DEFAULT_REPLICATION);
    }

    /** The same topics with {@code prefix} in front of every name, e.g. {@code "staging."}. */
    public static Topics withPrefix(String prefix) {
        if (prefix == null || prefix.chars().anyMatch(c -> !isLegalTopicChar((char) c))) {
            throw new IllegalArgumentException(
                    "A topic prefix may hold only letters, digits, '.', '_' and '-', not: " + prefix);
        }
        return new Topics(prefix, Topic.BROKER_DEFAULT_REPLICATION);
    }

    /** The same topics created with {@code replication} replicas each instead of the broker's default. */
    public Topics withReplication(short replication) {
        return new Topics(prefix, replication);
    }

    public String prefix() {
        return prefix;
    }

    /** Completed orders, keyed by customerId. */
    public Topic<PurchaseEvent> purchases() {
        return purchases;
    }

    /** Views, cart changes and searches, keyed by customerId; only recent browsing matters, so a week is kept. */
    public Topic<BrowseEvent> browse() {
        return browse;
    }

    /** Sign-ups, profile and consent changes, keyed by customerId. */
    public Topic<CustomerEvent> customers() {
        return customers;
    }

    /** Delivery receipts, clicks, replies and opt-outs, keyed by customerId. */
    public Topic<EngagementEvent> engagements() {
        return engagements;
    }

    /** The current state of each sku, keyed by sku and compacted: the latest update per sku is always kept. */
    public Topic<CatalogUpdate> catalog() {
        return catalog;
    }

    /** Published sequence definitions, keyed by sequenceId and compacted: each sequence's latest version stays. */
    public Topic<SequenceDefinition> sequenceDefinitions() {
        return sequenceDefinitions;
    }

    /** Texts the engine decided to send, keyed by customerId, written transactionally for the dispatcher. */
    public Topic<SmsIntent> outbox() {
        return outbox;
    }

    /** Every decision the engine takes, with its reason, keyed by customerId. */
    public Topic<Decision> decisions() {
        return decisions;
    }

    /** Records that could not be read or processed, with their raw bytes, keyed by source topic. */
    public Topic<DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** Sequence definitions the engine refused, as DEFINITION_REJECTED decisions, keyed by sequenceId. */
    public Topic<Decision> definitionRejections() {
        return definitionRejections;
    }

    /**
     * The suppression list: the consent ledger of every (brand, phone), written by the sequencer, read whole by the
     * dispatcher when it starts. Compacted and never expired, so no retention ever forgets an opt-out. Keyed
     * {@code brand|phone|KIND} for opt-ins and grants (the latest one written is kept) and
     * {@code brand|phone|KIND|eventTimeMillis} for opt-outs and revocations, which are never replaced.
     */
    public Topic<ConsentEntry> suppressions() {
        return suppressions;
    }

    /**
     * The result of each text for the bandit (analytics writes, keyed by messageId; every sequencer instance reads
     * all of it as a broadcast input). The posteriors live in the sequencer's checkpointed state; a month here lets a
     * job started without it relearn from recent texts.
     */
    public Topic<VariantOutcome> variantOutcomes() {
        return variantOutcomes;
    }

    /** All topics, in the order they are declared. */
    public List<Topic<?>> all() {
        return List.of(purchases, browse, customers, engagements, catalog, sequenceDefinitions,
                outbox, decisions, deadLetters, definitionRejections, suppressions, variantOutcomes);
    }

    private <T extends SpecificRecord> Topic<T> kept(
            String name, int partitions, Duration retention, Class<T> valueClass) {
        return new Topic<>(prefix + name, partitions, replication, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, String.valueOf(retention.toMillis())), valueClass);
    }

    private <T extends SpecificRecord> Topic<T> compacted(String name, int partitions, Class<T> valueClass) {
        return new Topic<>(prefix + name, partitions, replication, Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                // Roll segments hourly: the cleaner never compacts the active segment.
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(Duration.ofHours(1).toMillis()),
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.1",
                // Deletes (null values) stay visible for a day so slow readers still see them.
                TopicConfig.DELETE_RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(1).toMillis())), valueClass);
    }

    /** Compacted and nothing ever expires: neither by time nor by size. */
    private <T extends SpecificRecord> Topic<T> permanent(String name, int partitions, Class<T> valueClass) {
        Map<String, String> configs = new java.util.HashMap<>(compacted(name, partitions, valueClass).configs());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        return new Topic<>(prefix + name, partitions, replication, configs, valueClass);
    }

    private static boolean isLegalTopicChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '-';
    }

    @Override
    public String toString() {
        return "Topics[prefix=" + prefix + ", replication="
                + (replication == Topic.BROKER_DEFAULT_REPLICATION ? "broker default" : replication) + "]";
    }
}
