package dev.nudge.sequencer;

import dev.nudge.domain.tenant.CustomerKey;

import dev.nudge.domain.bandit.ArmCounts;
import dev.nudge.domain.bandit.ArmOutcome;
import dev.nudge.domain.bandit.PosteriorBook;
import dev.nudge.domain.engine.CustomerEngine;
import dev.nudge.domain.engine.CustomerInput;
import dev.nudge.domain.engine.CustomerState;
import dev.nudge.domain.engine.EngineSettings;
import dev.nudge.domain.engine.Keys;
import dev.nudge.domain.engine.Outcome;
import dev.nudge.domain.engine.Situation;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.ConsentEntry;
import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.SequenceDefinition;
import dev.nudge.events.SmsIntent;
import dev.nudge.events.Tenant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Flink side of the sequence engine, and nothing more: it loads the customer's state, calls
 * {@link CustomerEngine}, stores the state, keeps one timer at the engine's next wake-up and emits the results.
 * Definitions and the catalog arrive as broadcast state. On the wall clock no step fires while the inputs are read
 * less far than {@code inputLag} before now (see {@link TimeMode#inputsBehind}): records are taken in meanwhile,
 * and the steps wait for a wake-up once the inputs have caught up.
 */
public class CustomerSequencer extends KeyedBroadcastProcessFunction<String, SequencerInput, ReferenceInput, SmsIntent> {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerSequencer.class);

    private final EngineSettings engineSettings;
    private final TimeMode timeMode;
    private final Duration inputLag;

    private transient CustomerEngine engine;
    private transient ValueState<CustomerState> customerState;
    private transient ValueState<Long> legacyTimer;
    private transient References references;
    private transient CustomerGuard guard;
    private transient SequencerMetrics metrics;

    /** {@code inputLag}: how far behind now the inputs may be read and still count as caught up. */
    public CustomerSequencer(EngineSettings engineSettings, TimeMode timeMode, Duration inputLag) {
        this.engineSettings = engineSettings;
        this.timeMode = timeMode;
        this.inputLag = inputLag;
    }

    @Override
    public void open(OpenContext openContext) {
        engine = new CustomerEngine(engineSettings);
        customerState = getRuntimeContext().getState(Descriptors.CUSTOMER);
        legacyTimer = getRuntimeContext().getState(Descriptors.LEGACY_TIMER);
        guard = new CustomerGuard(getRuntimeContext());
        metrics = new SequencerMetrics(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SequencerInput input, ReadOnlyContext ctx, Collector<SmsIntent> out) throws Exception {
        Instant now = timeMode.now(ctx.timestamp(), ctx.timerService());
        if (guard.quarantined()) {
            deadLetter(ctx, CustomerGuard.recordLetter(input, "customer quarantined after "
                    + CustomerGuard.MAX_FAILED_WAKE_UPS + " failed wake-ups; the record was not applied", now));
            return;
        }
        Decided decided;
        try {
            CustomerInput domainInput = DomainMapping.toDomain(input);
            if (domainInput == null) {
                return;
            }
            References refs = references(ctx);
            boolean holdSteps = timeMode.inputsBehind(ctx.timerService(), now, inputLag);
            decided = decide(domainInput, DomainMapping.tenantOf(input), DomainMapping.customerIdOf(input), now,
                    holdSteps, refs);
        } catch (RuntimeException e) {
            // One customer's bad record must not restart the job for everyone: it goes to the dead letters.
            metrics.recordsFailed.inc();
            LOG.warn("record from {}/{}@{} failed in the engine", input.topic, input.partition, input.offset, e);
            deadLetter(ctx, CustomerGuard.recordLetter(input, e.toString(), now));
            return;
        }
        metrics.decisionLatencyMs.update(System.currentTimeMillis() - input.eventTimeMillis());
        commit(decided, ctx, out);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SmsIntent> out) throws Exception {
        CustomerState state = customerState.value();
        if (state == null) {
            return;
        }
        boolean ownTimer = ctx.timeDomain() == timeMode.timerDomain();
        Instant now = timeMode.timerNow(timestamp, ctx.timerService());
        if (ownTimer && guard.quarantined()) {
            // The quarantine is over: the customer is forgotten, as after the retention period.
            customerState.clear();
            legacyTimer.clear();
            guard.forget();
            return;
        }
        if (timeMode.inputsBehind(ctx.timerService(), now, inputLag)) {
            if (ownTimer) {
                timerFired(state, timestamp);
            }
            timeMode.waitForInputs(ctx.timerService(), now, inputLag);
            return;
        }
        String key = ctx.getCurrentKey();
        Tenant tenant = new Tenant(CustomerKey.brandId(key), state.locationId);
        String customerId = CustomerKey.customerId(key);
        metrics.timerLatenessMs.update(timeMode.now(null, ctx.timerService()).toEpochMilli() - timestamp);
        Decided decided;
        try {
            References refs = references(ctx);
            decided = decide(new CustomerInput.WakeUp(Instant.ofEpochMilli(timestamp)), tenant, customerId, now, false, refs);
            if (ownTimer && decided.state().timerMillis == timestamp) {
                decided.state().timerMillis = 0;
            }
        } catch (RuntimeException e) {
            wakeUpFailed(timestamp, state, tenant, customerId, now, e, ctx);
            return;
        }
        guard.wakeUpSucceeded();
        metrics.decisionLatencyMs.update(System.currentTimeMillis() - timestamp);
        commit(decided, ctx, out);
    }

    /** The engine's answer for one input, mapped to records but not yet emitted or stored. */
    private record Decided(CustomerState state, Outcome outcome, List<SmsIntent> intents, List<Decision> decisions,
                           List<ConsentEntry> consent) {}

    /**
     * Runs the engine on a copy of the stored state: whatever fails in here leaves state and outputs untouched.
     * {@code holdSteps}: the inputs are behind the wall clock, so the record is applied but no step fires.
     */
    private Decided decide(CustomerInput input, Tenant tenant, String customerId, Instant now, boolean holdSteps,
                           References refs) throws IOException {
        CustomerState state = guard.working(customerState.value());
        if (state.timerMillis == CustomerState.TIMER_UNKNOWN) {
            state.timerMillis = legacyTimerMillis();
        }
        if (tenant.getLocationId() != null) {
            state.locationId = tenant.getLocationId();
        }
        Situation situation = new Situation(now, tenant.getBrandId(), state.locationId, customerId,
                refs.registry(), refs.catalogOf(tenant.getBrandId()), refs.posteriors());
        Outcome outcome = decide(state, input, situation, holdSteps);
        List<SmsIntent> intents = outcome.texts().stream()
                .map(text -> DomainMapping.intent(text, tenant, customerId)).toList();
        List<Decision> decisions = outcome.decisions().stream()
                .map(decision -> DomainMapping.decision(decision, tenant, customerId)).toList();
        List<ConsentEntry> consent = outcome.consent().stream()
                .map(fact -> DomainMapping.consentEntry(fact, tenant)).toList();
        return new Decided(state, outcome, intents, decisions, consent);
    }

    private void commit(Decided decided, ReadOnlyContext ctx, Collector<SmsIntent> out) throws Exception {
        for (SmsIntent intent : decided.intents()) {
            out.collect(intent);
            metrics.textsDecided.inc();
        }
        for (Decision decision : decided.decisions()) {
            decision(ctx, decision);
        }
        for (ConsentEntry entry : decided.consent()) {
            ctx.output(Descriptors.SUPPRESSIONS, entry);
        }
        CustomerState state = decided.state();
        if (decided.outcome().clearState()) {
            moveTimer(ctx, state, null);
            customerState.clear();
        } else {
            moveTimer(ctx, state, decided.outcome().nextWakeUp());
            customerState.update(state);
        }
    }

    /** Notes in the stored state that its timer at {@code timestamp} has fired and is gone. */
    private void timerFired(CustomerState stored, long timestamp) throws IOException {
        CustomerState state = guard.working(stored);
        if (state.timerMillis == CustomerState.TIMER_UNKNOWN) {
            state.timerMillis = legacyTimerMillis();
        }
        if (state.timerMillis == timestamp) {
            state.timerMillis = 0;
        }
        if (state.timerMillis != stored.timerMillis) {
            customerState.update(state);
        }
    }

    /** The timer time of a state restored from before it was kept inside; the old state is cleared as it is read. */
    private long legacyTimerMillis() throws IOException {
        Long registered = legacyTimer.value();
        if (registered == null) {
            return 0;
        }
        legacyTimer.clear();
        return registered;
    }

    /**
     * A wake-up failed: the state stays as it was and the failure goes to the dead letters. The wake-up is tried
     * again later; after too many failures in a row the customer is quarantined instead of failing the job for good.
     */
    private void wakeUpFailed(long timestamp, CustomerState state, Tenant tenant, String customerId, Instant now,
                              RuntimeException error, OnTimerContext ctx) throws Exception {
        int failures = guard.wakeUpFailed();
        metrics.wakeUpsFailed.inc();
        LOG.warn("wake-up of {} at {} failed ({} of {})", ctx.getCurrentKey(), timestamp, failures,
                CustomerGuard.MAX_FAILED_WAKE_UPS, error);
        deadLetter(ctx, CustomerGuard.wakeUpLetter(ctx.getCurrentKey(), timestamp, failures, error, now));
        long next;
        if (failures < CustomerGuard.MAX_FAILED_WAKE_UPS) {
            next = timestamp + CustomerGuard.WAKE_UP_RETRY.toMillis();
        } else {
            metrics.customersQuarantined.inc();
            for (Decision decision : CustomerGuard.quarantineDecisions(state, tenant, customerId, now, error.toString())) {
                decision(ctx, decision);
            }
            next = timestamp + engineSettings.retention().toMillis();
        }
        CustomerState stored = guard.working(state);
        if (stored.timerMillis == CustomerState.TIMER_UNKNOWN) {
            stored.timerMillis = legacyTimerMillis();
        }
        if (stored.timerMillis != next) {
            timeMode.registerTimer(ctx.timerService(), next);
            stored.timerMillis = next;
            customerState.update(stored);
        }
    }

    /** The engine's call, on its own so that tests can make it fail. */
    Outcome decide(CustomerState state, CustomerInput input, Situation situation, boolean holdSteps) {
        return holdSteps ? engine.handleHoldingSteps(state, input, situation) : engine.handle(state, input, situation);
    }

    /** Keeps the customer's one timer at {@code wakeUp} (none when null), noting its time in the state. */
    private void moveTimer(ReadOnlyContext ctx, CustomerState state, Instant wakeUp) {
        long wanted = wakeUp == null ? 0 : wakeUp.toEpochMilli();
        if (state.timerMillis == wanted) {
            return;
        }
        if (state.timerMillis > 0) {
            timeMode.deleteTimer(ctx.timerService(), state.timerMillis);
        }
        if (wanted > 0) {
            timeMode.registerTimer(ctx.timerService(), wanted);
        }
        state.timerMillis = wanted;
    }

    @Override
    public void processBroadcastElement(ReferenceInput input, Context ctx, Collector<SmsIntent> out) throws Exception {
        try {
            applyReference(input, ctx);
        } catch (RuntimeException e) {
            // A definition or catalog record that cannot be applied is skipped; what was live stays live.
            // Every parallel instance fails on it alike; one of them counts and reports it.
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                metrics.recordsFailed.inc();
                LOG.warn("reference record from {}/{}@{} failed", input.topic, input.partition, input.offset, e);
                metrics.deadLetters.inc();
                ctx.output(Descriptors.DEAD_LETTERS,
                        CustomerGuard.referenceLetter(input, e, Instant.ofEpochMilli(input.eventTimeMillis())));
            }
        }
    }

    /** Applies a definition or catalog record; the parsed view is updated first, so a record it rejects changes nothing. */
    private void applyReference(ReferenceInput input, Context ctx) throws Exception {
        BroadcastState<String, SequenceDefinition> definitions = ctx.getBroadcastState(Descriptors.DEFINITIONS);
        BroadcastState<String, CatalogUpdate> catalog = ctx.getBroadcastState(Descriptors.CATALOG);
        References refs = references(ctx);
        if (input.catalog != null) {
            CatalogUpdate current = catalog.get(References.catalogKey(input.catalog));
            if (current == null || !current.getEventTime().isAfter(input.catalog.getEventTime())) {
                refs.putCatalog(input.catalog);
                catalog.put(References.catalogKey(input.catalog), input.catalog);
            }
        } else if (input.outcome != null) {
            ArmOutcome outcome = DomainMapping.armOutcome(input.outcome);
            if (outcome != null) {
                Optional<Map.Entry<String, ArmCounts>> counted = refs.recordOutcome(outcome);
                if (counted.isPresent()) {
                    ctx.getBroadcastState(Descriptors.POSTERIOR_COUNTS).put(counted.get().getKey(), counted.get().getValue());
                }
            }
        } else if (input.definition != null) {
            SequenceDefinition envelope = input.definition;
            List<String> reasons = refs.offer(envelope);
            if (reasons.isEmpty()) {
                definitions.put(References.definitionKey(envelope), envelope);
                pruneVersions(definitions, refs, envelope);
                storeReset(refs.resetPosteriors(envelope), ctx);
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
        metrics.decided(decision);
        if (accepted) {
            ctx.output(Descriptors.DECISIONS, decision);
        } else {
            LOG.warn("rejected sequence definition {}@{}: {}", envelope.getSequenceId(), envelope.getVersion(), reasons);
            ctx.output(Descriptors.DEFINITION_REJECTIONS, decision);
        }
    }

    private void decision(ReadOnlyContext ctx, Decision decision) {
        metrics.decided(decision);
        ctx.output(Descriptors.DECISIONS, decision);
    }

    private void deadLetter(ReadOnlyContext ctx, DeadLetter letter) {
        metrics.deadLetters.inc();
        ctx.output(Descriptors.DEAD_LETTERS, letter);
    }

    /** The bandit's counts in broadcast state follow the book: what a reset dropped goes, its starting versions stay. */
    private static void storeReset(PosteriorBook.Reset reset, Context ctx) throws Exception {
        BroadcastState<String, ArmCounts> counts = ctx.getBroadcastState(Descriptors.POSTERIOR_COUNTS);
        for (String dropped : reset.droppedCounts()) {
            counts.remove(dropped);
        }
        BroadcastState<String, Integer> starts = ctx.getBroadcastState(Descriptors.POSTERIOR_STARTS);
        for (Map.Entry<String, Integer> start : reset.firstCountedVersions().entrySet()) {
            starts.put(start.getKey(), start.getValue());
        }
    }

    /** The broadcast state as either side of the function sees it. */
    private interface BroadcastStates {
        <K, V> ReadOnlyBroadcastState<K, V> get(MapStateDescriptor<K, V> descriptor) throws Exception;
    }

    private References references(ReadOnlyContext ctx) throws Exception {
        return references(ctx::getBroadcastState);
    }

    private References references(Context ctx) throws Exception {
        return references(ctx::getBroadcastState);
    }

    private References references(BroadcastStates states) throws Exception {
        if (references == null) {
            references = References.rebuild(states.get(Descriptors.DEFINITIONS).immutableEntries(),
                    states.get(Descriptors.CATALOG).immutableEntries(),
                    states.get(Descriptors.POSTERIOR_COUNTS).immutableEntries(),
                    states.get(Descriptors.POSTERIOR_STARTS).immutableEntries());
        }
        return references;
    }
}
