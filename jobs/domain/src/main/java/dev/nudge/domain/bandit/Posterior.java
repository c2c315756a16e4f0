package dev.nudge.domain.bandit;

/** A Beta(alpha, beta) posterior of a variant's success rate: the Beta(1, 1) prior plus successes and failures. */
public record Posterior(double alpha, double beta) {

    public static final Posterior PRIOR = new Posterior(1, 1);

    public double mean() {
        return alpha / (alpha + beta);
    }
}
