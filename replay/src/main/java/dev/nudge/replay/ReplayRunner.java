package dev.nudge.replay;

import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentChange;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.CustomerEvent;
import dev.nudge.events.CustomerEventType;
import dev.nudge.events.PurchaseEvent;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.Tenant;
import dev.nudge.sequencer.ReferenceInput;
import dev.nudge.sequencer.SequencerInput;
import dev.nudge.sequencer.SequencerJob;
import dev.nudge.sequencer.SequencerSettings;
import dev.nudge.sequencer.TimeMode;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs the real sequencer job over order history, in bounded mode on event time, on a local Flink environment.
 *
 * <p>The replay answers "what would it have sent", not "whom may we text": every customer is given consent and a
 * (fictional, +1-555-01…) phone number a second before their first order, in the replay's zone, so the engine decides
 * on the sequence rules, the caps and the quiet hours alone.
 */
public final class ReplayRunner {

    /** How long before the first order the catalog and the definition are published. */
    static final Duration REFERENCES_LEAD = Duration.ofDays(1);
    static final Duration CONSENT_LEAD = Duration.ofSeconds(1);

    private final EngineSettings engine;

    public ReplayRunner(EngineSettings engine) {
        this.engine = engine;
    }

    /**
     * @param orders     the history, every order of the definition's brand, in any order
     * @param definition the sequence definition as the sequencer receives it (canonical JSON document)
     * @param catalog    the catalog to replay against (see {@link HistoryCatalog})
     * @param zone       the customers' zone
     */
    public ReplayOutput run(List<PurchaseEvent> orders, SequenceDefinition definition, List<CatalogUpdate> catalog,
                            ZoneId zone) throws Exception {
        if (orders.isEmpty()) {
            throw new IllegalArgumentException("no orders to replay");
        }
        List<PurchaseEvent> inTimeOrder = orders.stream()
                .sorted(Comparator.comparing(PurchaseEvent::getEventTime).thenComparing(PurchaseEvent::getOrderId))
                .toList();
        Instant start = inTimeOrder.get(0).getEventTime();
        SequenceDefinition published = SequenceDefinition.newBuilder(definition)
                .setPublishedAt(start.minus(REFERENCES_LEAD)).build();
        List<SpecificRecordBase> references = new ArrayList<>();
        catalog.forEach(item -> references.add(CatalogUpdate.newBuilder(item).setEventTime(start.minus(REFERENCES_LEAD)).build()));
        // Last, so that its acceptance means the catalog is in too.
        references.add(published);

        String runId = UUID.randomUUID().toString();
        // Below every customer input (the first consent is a second before the first order), above the references.
        ReplayChannels channels = ReplayChannels.open(runId, start.minus(CONSENT_LEAD).toEpochMilli() - 2);
        try {
            StreamExecutionEnvironment env = environment();
            SequencerJob.build(env, new SequencerJob.Sources(
                            new ReplaySource<>(SequencerInput.class, customerInputs(inTimeOrder, zone), SequencerInput::of,
                                    SequencerInput::eventTimeMillis, runId),
                            ReplaySource.empty(SequencerInput.class), ReplaySource.empty(SequencerInput.class),
                            ReplaySource.empty(SequencerInput.class),
                            new ReplaySource<>(ReferenceInput.class, references, ReferenceInput::of, null, null),
                            ReplaySource.empty(ReferenceInput.class)),
                    new SequencerJob.Sinks(
                            new CollectingSink<>(runId, ReplayChannels.Channel.INTENTS),
                            new CollectingSink<>(runId, ReplayChannels.Channel.DECISIONS),
                            new CollectingSink<>(runId, ReplayChannels.Channel.REJECTIONS),
                            new CollectingSink<>(runId, ReplayChannels.Channel.DEAD_LETTERS),
                            new DiscardingSink<ConsentEntry>()),
                    settings());
            env.execute("nudge-replay");
            return new ReplayOutput(List.copyOf(channels.intents), List.copyOf(channels.decisions),
                    List.copyOf(channels.rejections), List.copyOf(channels.deadLetters));
        } finally {
            ReplayChannels.close(runId);
        }
    }

    /** Each customer's consent, then the orders, in time order. */
    static List<SpecificRecordBase> customerInputs(List<PurchaseEvent> inTimeOrder, ZoneId zone) {
        Map<String, CustomerEvent> consents = new LinkedHashMap<>();
        for (PurchaseEvent order : inTimeOrder) {
            consents.computeIfAbsent(order.getCustomerId(), customer -> consent(order, consents.size(), zone));
        }
        List<SpecificRecordBase> inputs = new ArrayList<>(consents.values());
        inputs.addAll(inTimeOrder);
        inputs.sort(Comparator.comparing(ReplayRunner::timeOf));
        return inputs;
    }

    private static CustomerEvent consent(PurchaseEvent firstOrder, int index, ZoneId zone) {
        Instant at = firstOrder.getEventTime().minus(CONSENT_LEAD);
        return CustomerEvent.newBuilder()
                .setEventId("replay-consent-" + firstOrder.getCustomerId())
                .setTenant(new Tenant(firstOrder.getTenant().getBrandId(), null))
                .setCustomerId(firstOrder.getCustomerId())
                .setEventTime(at)
                .setType(CustomerEventType.CONSENT_GRANTED)
                .setPhoneE164(String.format("+1555%07d", index))
                .setTimeZone(zone.getId())
                .setConsent(new ConsentChange("replay-assumption", null, at))
                .build();
    }

    private static Instant timeOf(SpecificRecordBase record) {
        return record instanceof PurchaseEvent purchase ? purchase.getEventTime()
                : ((CustomerEvent) record).getEventTime();
    }

    /**
     * Event time, no lateness (the inputs are in order) and no idleness: an input that waits for the references
     * must not be taken for idle, or the finished inputs would carry event time to the end at once.
     */
    private SequencerSettings settings() {
        return new SequencerSettings("unused:9092", "", "nudge-replay", TimeMode.EVENT_TIME, Duration.ZERO,
                Duration.ofDays(3650), Duration.ofHours(1), Duration.ofMinutes(10), engine);
    }

    private static StreamExecutionEnvironment environment() {
        Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        // One subtask: the replay is small, and one order of processing makes it exactly repeatable.
        return StreamExecutionEnvironment.createLocalEnvironment(1, config);
    }
}
