package dev.nudge.domain.text;

/** What an inbound text asks of us. */
public enum ReplyKind { OPT_OUT, OPT_IN, HELP, QUESTION, POSITIVE, NEGATIVE, OTHER }
