package dev.nudge.replay;

import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.DecisionOutcome;
import dev.nudge.events.SmsIntent;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What one replay's job hands back to the runner, in the same JVM: the replay runs on a local Flink environment,
 * so its sinks and sources find their run here by id instead of through an external system.
 */
final class ReplayChannels {

    private static final Map<String, ReplayChannels> RUNS = new ConcurrentHashMap<>();

    final Queue<SmsIntent> intents = new ConcurrentLinkedQueue<>();
    final Queue<Decision> decisions = new ConcurrentLinkedQueue<>();
    final Queue<Decision> rejections = new ConcurrentLinkedQueue<>();
    final Queue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
    /**
     * Completes once the sequencer has decided on the definition (taken in after the catalog): the two inputs of the
     * sequencer are not ordered against each other, and a purchase read before its definition would start nothing.
     */
    private final CompletableFuture<Void> definitionDecided = new CompletableFuture<>();
    /**
     * Completes once the sequencer's output watermark reached {@link #startWatermark}, which the customer source
     * emits before its first record: then every other input has finished, so from here on event time follows the
     * customer source alone, record by record.
     */
    private final CompletableFuture<Void> otherInputsFinished = new CompletableFuture<>();
    /** When both are done, the customer inputs may flow. */
    final CompletableFuture<Void> referencesLoaded = CompletableFuture.allOf(definitionDecided, otherInputsFinished);
    final long startWatermark;

    private ReplayChannels(long startWatermark) {
        this.startWatermark = startWatermark;
    }

    static ReplayChannels open(String runId, long startWatermark) {
        ReplayChannels channels = new ReplayChannels(startWatermark);
        if (RUNS.putIfAbsent(runId, channels) != null) {
            throw new IllegalStateException("replay run " + runId + " is already open");
        }
        return channels;
    }

    static ReplayChannels of(String runId) {
        ReplayChannels channels = RUNS.get(runId);
        if (channels == null) {
            throw new IllegalStateException("no replay run " + runId + " in this JVM: a replay needs a local environment");
        }
        return channels;
    }

    static void close(String runId) {
        RUNS.remove(runId);
    }

    /** Where each of the sequencer's outputs goes; a decision about the definition releases the customer inputs. */
    enum Channel {
        INTENTS {
            @Override
            void accept(ReplayChannels channels, Object record) {
                channels.intents.add((SmsIntent) record);
            }
        },
        DECISIONS {
            @Override
            void accept(ReplayChannels channels, Object record) {
                Decision decision = (Decision) record;
                channels.decisions.add(decision);
                if (decision.getOutcome() == DecisionOutcome.DEFINITION_ACCEPTED) {
                    channels.definitionDecided.complete(null);
                }
            }

            @Override
            void onWatermark(ReplayChannels channels, long watermark) {
                if (watermark >= channels.startWatermark) {
                    channels.otherInputsFinished.complete(null);
                }
            }
        },
        REJECTIONS {
            @Override
            void accept(ReplayChannels channels, Object record) {
                channels.rejections.add((Decision) record);
                channels.definitionDecided.complete(null);
            }
        },
        DEAD_LETTERS {
            @Override
            void accept(ReplayChannels channels, Object record) {
                channels.deadLetters.add((DeadLetter) record);
            }
        };

        abstract void accept(ReplayChannels channels, Object record);

        void onWatermark(ReplayChannels channels, long watermark) {}
    }
}
