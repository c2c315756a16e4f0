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
     * Completes once the sequencer has taken in the definition (and, before it, the catalog): the two inputs of the
     * sequencer are not ordered against each other, and a purchase read before its definition would start nothing.
     */
    final CompletableFuture<Void> referencesLoaded = new CompletableFuture<>();

    static ReplayChannels open(String runId) {
        ReplayChannels channels = new ReplayChannels();
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
                    channels.referencesLoaded.complete(null);
                }
            }
        },
        REJECTIONS {
            @Override
            void accept(ReplayChannels channels, Object record) {
                channels.rejections.add((Decision) record);
                channels.referencesLoaded.complete(null);
            }
        },
        DEAD_LETTERS {
            @Override
            void accept(ReplayChannels channels, Object record) {
                channels.deadLetters.add((DeadLetter) record);
            }
        };

        abstract void accept(ReplayChannels channels, Object record);
    }
}
