package dev.nudge.domain.event;

public enum EngagementKind { SENT, DELIVERED, UNDELIVERED, FAILED, CLICKED, REPLIED, OPTED_OUT, OPTED_IN, HELP, IN_DOUBT }
