package dev.nudge.replay;

import dev.nudge.events.DeadLetter;
import dev.nudge.events.Decision;
import dev.nudge.events.SmsIntent;

import java.util.List;

/** Everything the sequencer put out during a replay. */
public record ReplayOutput(List<SmsIntent> texts, List<Decision> decisions, List<Decision> definitionRejections,
                           List<DeadLetter> deadLetters) {}
