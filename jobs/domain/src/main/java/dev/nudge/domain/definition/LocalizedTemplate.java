package dev.nudge.domain.definition;

/** A template text and the locale tag it is written in. */
public record LocalizedTemplate(String locale, String text) {}
