package dev.nudge.sequencer;

import dev.nudge.domain.engine.CustomerEngine;
import dev.nudge.domain.engine.CustomerInput;
import dev.nudge.domain.engine.CustomerState;
import dev.nudge.domain.engine.DecisionRecord;
import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.engine.Keys;
import dev.nudge.domain.engine.OutboundText;
import dev.nudge.domain.engine.Outcome;
import dev.nudge.domain.engine.Situation;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

/**
 * The Flink side of the sequence engine, and nothing more: it loads the customer's state, calls
 * {@link CustomerEngine}, stores the state, keeps one timer at the engine's next wake-up and emits the results.
 * Definitions and the catalog arrive as broadcast state.
 */
public class CustomerSequencer extends KeyedBroadcastProcessFunction<String, SequencerInput, ReferenceInput, SmsIntent> {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerSequencer.class);

    private final EngineSettings engineSettings;
    private final TimeMode timeMode;

    private transient CustomerEngine engine;
    private transient ValueState<CustomerState> customerState;
    private transient ValueState<Long> timerState;
    private transient References references;
    private transient Counter textsDecided;
    private transient Counter recordsFailed;

    public CustomerSequencer(EngineSettings engineSettings, TimeMode timeMode) {
        this.engineSettings = engineSettings;
        this.timeMode = timeMode;
    }

    @Override
    public void open(OpenContext openContext) {
        engine = new CustomerEngine(engineSettings);
        customerState = getRuntimeContext().getState(Descriptors.CUSTOMER);
        timerState = getRuntimeContext().getState(Descriptors.TIMER);
        textsDecided = getRuntimeContext().getMetricGroup().counter("textsDecided");
        recordsFailed = getRuntimeContext().getMetricGroup().counter("recordsFailed");
    }

    @Override
    public void processElement(SequencerInput input, ReadOnlyContext ctx, Collector<SmsIntent> out) throws Exception {
        CustomerInput domainInput = DomainMapping.toDomain(input);
        if (domainInput == null) {
            return;
        }
        References refs = references(ctx.getBroadcastState(Descriptors.DEFINITIONS), ctx.getBroadcastState(Descriptors.CATALOG));
        Tenant tenant = DomainMapping.tenantOf(input);
        Instant now = timeMode.now(ctx.timestamp(), ctx.timerService());
        try {
            apply(domainInput, tenant, DomainMapping.customerIdOf(input), now, refs, ctx, out);
        } catch (RuntimeException e) {
            // One customer's bad record must not restart the job for everyone: it goes to the dead letters.
            recordsFailed.inc();
            LOG.warn("record from {}/{}@{} failed in the engine", input.topic, input.partition, input.offset, e);
            ctx.output(Descriptors.DEAD_LETTERS, deadLetter(input, e, now));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SmsIntent> out) throws Exception {
        timerState.clear();
        CustomerState state = customerState.value();
        if (state == null) {
            return;
        }
        References refs = references(ctx.getBroadcastState(Descriptors.DEFINITIONS), ctx.getBroadcastState(Descriptors.CATALOG));
        String key = ctx.getCurrentKey();
        int slash = key.indexOf('/');
        Tenant tenant = new Tenant(key.substring(0, slash), state.locationId);
        Instant now = timeMode.timerNow(timestamp, ctx.timerService());
        apply(new CustomerInput.WakeUp(Instant.ofEpochMilli(timestamp)), tenant, key.substring(slash + 1), now, refs, ctx, out);
    }

    private void apply(CustomerInput input, Tenant tenant, String customerId, Instant now, References refs,
                       ReadOnlyContext ctx, Collector<SmsIntent> out) throws Exception {
        CustomerState state = customerState.value();
        if (state == null) {
            state = new CustomerState();
        }
        if (tenant.getLocationId() != null) {
            state.locationId = tenant.getLocationId();
        }
        Situation situation = new Situation(now, tenant.getBrandId(), state.locationId, customerId,
                refs.registry(), refs.catalogOf(tenant.getBrandId()));
        Outcome outcome = engine.handle(state, input, situation);
        for (OutboundText text : outcome.texts()) {
            out.collect(DomainMapping.intent(text, tenant, customerId));
            textsDecided.inc();
        }
        for (DecisionRecord decision : outcome.decisions()) {
            ctx.output(Descriptors.DECISIONS, DomainMapping.decision(decision, tenant, customerId));
        }
        if (outcome.clearState()) {
            customerState.clear();
            moveTimer(ctx, null);
        } else {
            customerState.update(state);
            moveTimer(ctx, outcome.nextWakeUp());
        }
    }

    private void moveTimer(ReadOnlyContext ctx, Instant wakeUp) throws Exception {
        Long registered = timerState.value();
        Long wanted = wakeUp == null ? null : wakeUp.toEpochMilli();
        if (registered != null && registered.equals(wanted)) {
            return;
        }
        if (registered != null) {
            timeMode.deleteTimer(ctx.timerService(), registered);
        }
        if (wanted == null) {
            timerState.clear();
        } else {
            timeMode.registerTimer(ctx.timerService(), wanted);
            timerState.update(wanted);
        }
    }

    @Override
    public void processBroadcastElement(ReferenceInput input, Context ctx, Collector<SmsIntent> out) throws Exception {
        BroadcastState<String, SequenceDefinition> definitions = ctx.getBroadcastState(Descriptors.DEFINITIONS);
        BroadcastState<String, CatalogUpdate> catalog = ctx.getBroadcastState(Descriptors.CATALOG);
        References refs = references(definitions, catalog);
        if (input.catalog != null) {
            CatalogUpdate current = catalog.get(References.catalogKey(input.catalog));
            if (current == null || !current.getEventTime().isAfter(input.catalog.getEventTime())) {
                catalog.put(References.catalogKey(input.catalog), input.catalog);
                refs.putCatalog(input.catalog);
            }
        } else if (input.definition != null) {
            SequenceDefinition envelope = input.definition;
            List<String> reasons = refs.offer(envelope);
            if (reasons.isEmpty()) {
                definitions.put(References.definitionKey(envelope), envelope);
                pruneVersions(definitions, refs, envelope);
            }
            // Every parallel instance sees every broadcast record; one of them reports it.
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                reportDefinition(envelope, reasons, ctx);
            }
        }
    }

    /** Keeps in broadcast state only the versions the registry still serves. */
    private static void pruneVersions(BroadcastState<String, SequenceDefinition> definitions, References refs,
                                      SequenceDefinition latest) throws Exception {
        for (int version = latest.getVersion() - 1; version >= 1; version--) {
            String key = latest.getBrandId() + "/" + latest.getSequenceId() + "/" + version;
            if (definitions.contains(key) && refs.registry().version(latest.getBrandId(), latest.getSequenceId(), version).isEmpty()) {
                definitions.remove(key);
            }
        }
    }

    private void reportDefinition(SequenceDefinition envelope, List<String> reasons, Context ctx) {
        boolean accepted = reasons.isEmpty();
        Decision decision = Decision.newBuilder()
                .setDecisionId(Keys.definitionDecisionId(envelope.getBrandId(), envelope.getSequenceId(),
                        envelope.getVersion(), accepted))
                .setTenant(new Tenant(envelope.getBrandId(), null))
                .setCustomerId("")
                .setDecidedAt(envelope.getPublishedAt())
                .setOutcome(accepted ? DecisionOutcome.DEFINITION_ACCEPTED : DecisionOutcome.DEFINITION_REJECTED)
                .setReason(accepted ? "VALID" : "INVALID_DEFINITION")
                .setDetail(accepted ? null : String.join("; ", reasons))
                .setRuleVersion(envelope.getSequenceId() + "@" + envelope.getVersion())
                .setSequenceId(envelope.getSequenceId())
                .setSequenceVersion(envelope.getVersion())
                .build();
        if (accepted) {
            ctx.output(Descriptors.DECISIONS, decision);
        } else {
            LOG.warn("rejected sequence definition {}@{}: {}", envelope.getSequenceId(), envelope.getVersion(), reasons);
            ctx.output(Descriptors.DEFINITION_REJECTIONS, decision);
        }
    }

    private References references(ReadOnlyBroadcastState<String, SequenceDefinition> definitions,
                                  ReadOnlyBroadcastState<String, CatalogUpdate> catalog) throws Exception {
        if (references == null) {
            references = References.rebuild(definitions.immutableEntries(), catalog.immutableEntries());
        }
        return references;
    }

    private static DeadLetter deadLetter(SequencerInput input, RuntimeException error, Instant now) {
        return DeadLetter.newBuilder()
                .setSourceTopic(input.topic == null ? "unknown" : input.topic)
                .setPartition(input.partition)
                .setOffset(input.offset)
                .setKey(null)
                .setValue(ByteBuffer.wrap(AvroBytes.encode(input.event())))
                .setError(error.toString())
                .setFailedAt(now)
                .build();
    }
}
