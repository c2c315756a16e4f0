package dev.nudge.benchmark;

import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sequencer's decisions sink in a benchmark run: it opens the customer feed once every definition is accepted,
 * times each decision against the feed's {@link EmissionClock}, counts outcomes and keeps a sample of decisions
 * (real rows for the ClickHouse figure).
 */
final class DecisionProbeSink implements Sink<Decision> {

    /** Outcomes decided when a step's timer fires, and outcomes decided on an input. */
    static final Set<DecisionOutcome> ON_TIMER = EnumSet.of(DecisionOutcome.SENT, DecisionOutcome.DEFERRED,
            DecisionOutcome.SKIPPED, DecisionOutcome.COMPLETED);
    static final Set<DecisionOutcome> ON_INPUT = EnumSet.of(DecisionOutcome.ENTERED, DecisionOutcome.HELD_OUT,
            DecisionOutcome.EXITED, DecisionOutcome.PAUSED);

    private static final Map<String, Tap> OPEN = new ConcurrentHashMap<>();

    private final String tapId;

    DecisionProbeSink(Tap tap) {
        this.tapId = tap.id;
    }

    /** What the sink tells the run; found by id, as a sink is serialized into the job graph. */
    static final class Tap {
        final String id = UUID.randomUUID().toString();
        final RunProbe probe;
        final int definitions;
        final CompletableFuture<Void> definitionsLoaded = new CompletableFuture<>();
        final Map<DecisionOutcome, LongAdder> outcomes = new ConcurrentHashMap<>();
        private final AtomicInteger accepted = new AtomicInteger();
        private final int keep;
        private final List<Decision> kept = new ArrayList<>();

        Tap(RunProbe probe, int definitions, int keep) {
            this.probe = probe;
            this.definitions = definitions;
            this.keep = keep;
            OPEN.put(id, this);
        }

        long count(DecisionOutcome outcome) {
            LongAdder adder = outcomes.get(outcome);
            return adder == null ? 0 : adder.sum();
        }

        synchronized List<Decision> kept() {
            return List.copyOf(kept);
        }

        void close() {
            OPEN.remove(id);
        }

        private void accept(Decision decision, long nowNanos) {
            DecisionOutcome outcome = decision.getOutcome();
            outcomes.computeIfAbsent(outcome, o -> new LongAdder()).increment();
            if (outcome == DecisionOutcome.DEFINITION_ACCEPTED) {
                if (accepted.incrementAndGet() == definitions) {
                    definitionsLoaded.complete(null);
                }
                return;
            }
            long decidedAt = decision.getDecidedAt().toEpochMilli();
            if (ON_TIMER.contains(outcome)) {
                probe.timerFired(decidedAt, nowNanos);
            } else if (ON_INPUT.contains(outcome)) {
                probe.inputDecided(decidedAt, nowNanos);
            }
            synchronized (this) {
                if (kept.size() < keep) {
                    kept.add(decision);
                }
            }
        }
    }

    @Override
    public SinkWriter<Decision> createWriter(WriterInitContext context) {
        Tap tap = OPEN.get(tapId);
        return new SinkWriter<>() {
            @Override
            public void write(Decision decision, Context context) {
                tap.accept(decision, System.nanoTime());
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
