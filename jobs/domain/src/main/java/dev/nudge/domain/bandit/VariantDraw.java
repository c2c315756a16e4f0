package dev.nudge.domain.bandit;

/** One variant's posterior Beta(alpha, beta) at a choice, and the rate drawn from it. */
public record VariantDraw(String variant, double alpha, double beta, double draw) {}
