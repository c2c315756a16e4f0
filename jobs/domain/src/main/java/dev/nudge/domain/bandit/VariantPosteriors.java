package dev.nudge.domain.bandit;

/** What the engine reads to choose a variant: the current posterior of a step's variant. */
public interface VariantPosteriors {

    /** No results yet anywhere: every variant has the prior. */
    VariantPosteriors NONE = (brandId, sequenceId, step, variant) -> Posterior.PRIOR;

    Posterior posterior(String brandId, String sequenceId, int step, String variant);
}
