package dev.nudge.domain.engine;

import dev.nudge.domain.definition.ExitRule;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.event.Purchase;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The invariant checker's own account of one customer's runs ("sequenceId triggerId"): which started, which an
 * event ended, which a question holds, and what their texts offered. Runs start from the engine's ENTERED
 * decisions; everything else follows from the inputs and the definitions.
 */
final class RunModel {

    private static final class Run {
        final String sequenceId;
        final Instant started;
        int version;
        boolean ended;
        Instant pausedUntil;
        final Set<String> offered = new HashSet<>();

        Run(String sequenceId, Instant started, int version) {
            this.sequenceId = sequenceId;
            this.started = started;
            this.version = version;
        }
    }

    private final EngineDriver driver;
    private final Map<String, Run> runs = new HashMap<>();

    RunModel(EngineDriver driver) {
        this.driver = driver;
    }

    static String key(String sequenceId, String triggerId) {
        return sequenceId + " " + triggerId;
    }

    /**
     * Follows a decision: ENTERED starts a run (again) at the time the input happened; any other names the version
     * the run is on now.
     */
    void decided(DecisionRecord decision, Instant inputHappened) {
        String key = key(decision.sequenceId(), decision.triggerId());
        if (decision.outcome() == DecisionOutcome.ENTERED) {
            runs.put(key, new Run(decision.sequenceId(), inputHappened, decision.sequenceVersion()));
        } else if (runs.containsKey(key)) {
            runs.get(key).version = decision.sequenceVersion();
        }
    }

    void endAll() {
        end(run -> true);
    }

    /** A purchase ends the runs it may end, except those started after it happened (it arrived late). */
    void endOnPurchase(Purchase purchase) {
        end(run -> !purchase.at().isBefore(run.started) && (exits(run).contains(ExitRule.ANY_PURCHASE)
                || (exits(run).contains(ExitRule.OFFERED_ITEM_PURCHASE) && run.offered.stream().anyMatch(purchase::contains))));
    }

    /** A question ends the runs whose definition says so and holds the others until an answer or the timeout. */
    void question(Instant at) {
        end(run -> exits(run).contains(ExitRule.QUESTION));
        runs.values().stream().filter(run -> !run.ended)
                .forEach(run -> run.pausedUntil = at.plus(definition(run).questionPauseTimeout()));
    }

    /** Any other reply ends the runs with a REPLY exit and answers a pending question for the rest. */
    void answer() {
        end(run -> exits(run).contains(ExitRule.REPLY));
        runs.values().forEach(run -> run.pausedUntil = null);
    }

    /** Why a text for this run must not go out now, or null when it may. */
    String whyNoText(String key, Instant now) {
        Run run = runs.get(key);
        if (run == null) {
            return "it never started";
        }
        if (run.ended) {
            return "it was ended by an exit";
        }
        if (run.pausedUntil != null && now.isBefore(run.pausedUntil)) {
            return "a question holds it until " + run.pausedUntil;
        }
        return null;
    }

    void sent(String key, OutboundText text) {
        if (text.offerSku() != null) {
            runs.get(key).offered.add(text.offerSku());
        }
    }

    private void end(Predicate<Run> ends) {
        runs.values().stream().filter(ends).forEach(run -> run.ended = true);
    }

    private Set<ExitRule> exits(Run run) {
        return definition(run).exits();
    }

    /** The run's version while the registry keeps it, else the sequence's current one. */
    private SequenceDefinition definition(Run run) {
        var registry = driver.registry();
        return registry.version(driver.brand(), run.sequenceId, run.version)
                .or(() -> registry.current(driver.brand(), run.sequenceId))
                .orElseThrow();
    }
}
