package dev.nudge.sequencer;

import dev.nudge.events.Decision;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

import java.util.HashMap;
import java.util.Map;

/**
 * The sequence engine operator's metrics, one set per parallel instance. The names are part of the operations
 * dashboard (deploy/grafana/nudge-operations.json) and listed in the README's "Metrics" section: keep them stable.
 */
final class SequencerMetrics {

    /** Samples each histogram keeps for its quantiles. */
    private static final int HISTOGRAM_WINDOW = 1024;

    private final MetricGroup group;
    /** outcome/reason → counter; reasons are a bounded set of codes, so is this map. */
    private final Map<String, Counter> decisions = new HashMap<>();
    final Counter textsDecided;
    final Counter deadLetters;
    final Counter recordsFailed;
    final Counter wakeUpsFailed;
    final Counter customersQuarantined;
    /** How long after its due time a wake-up fired, on the operator's clock (wall clock or watermark). */
    final Histogram timerLatenessMs;
    /** From an input's event time to its decision, on the wall clock: how far behind the events the sequencer is. */
    final Histogram decisionLatencyMs;

    SequencerMetrics(MetricGroup group) {
        this.group = group;
        textsDecided = group.counter("textsDecided");
        deadLetters = group.counter("deadLetters");
        recordsFailed = group.counter("recordsFailed");
        wakeUpsFailed = group.counter("wakeUpsFailed");
        customersQuarantined = group.counter("customersQuarantined");
        timerLatenessMs = group.histogram("timerLatenessMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        decisionLatencyMs = group.histogram("decisionLatencyMs", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    }

    /** Counts a decision under its outcome and reason (labels {@code outcome} and {@code reason} in Prometheus). */
    void decided(Decision decision) {
        String outcome = decision.getOutcome().name();
        String reason = decision.getReason();
        decisions.computeIfAbsent(outcome + "/" + reason,
                key -> group.addGroup("outcome", outcome).addGroup("reason", reason).counter("decisions")).inc();
    }
}
