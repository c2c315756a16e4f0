package dev.nudge.domain.definition;

/**
 * What an accepted offer changed. previous is the version that was current (live, paused or retired) before,
 * null if there was none; next is the offered definition.
 */
public record VersionChange(SequenceDefinition previous, SequenceDefinition next, Transition transition) {}
