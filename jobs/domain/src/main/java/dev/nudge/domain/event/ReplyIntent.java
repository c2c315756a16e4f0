package dev.nudge.domain.event;

/** What an inbound text means for the sequence: a question pauses it, a negative reply ends it. */
public enum ReplyIntent { QUESTION, POSITIVE, NEGATIVE, OTHER }
