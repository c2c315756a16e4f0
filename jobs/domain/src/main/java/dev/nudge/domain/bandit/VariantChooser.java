package dev.nudge.domain.bandit;

import dev.nudge.domain.definition.Assignment;
import dev.nudge.domain.definition.SequenceDefinition;
import dev.nudge.domain.definition.Step;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Chooses a step's variant for one text: by hash, or by Thompson sampling from the current posteriors with the
 * random stream seeded by the text's own key, so a replay with the same posteriors makes the same choice.
 */
public final class VariantChooser {

    private VariantChooser() {}

    /**
     * @param customerKey the customer id (the hash allocation's key)
     * @param seedKey     what makes this choice unique and repeatable: the text's intent id
     */
    public static VariantChoice choose(SequenceDefinition definition, int stepIndex, String customerKey,
                                       String seedKey, VariantPosteriors posteriors) {
        Step step = definition.step(stepIndex);
        if (!step.allocation().isThompson() || !step.hasVariants()) {
            return VariantChoice.byHash(Assignment.variantFor(definition, stepIndex, customerKey));
        }
        List<String> ids = step.variantIds();
        double[] alpha = new double[ids.size()];
        double[] beta = new double[ids.size()];
        double[] draws = new double[ids.size()];
        for (int i = 0; i < ids.size(); i++) {
            Posterior posterior = posteriors.posterior(definition.brandId(), definition.id(), stepIndex, ids.get(i));
            alpha[i] = posterior.alpha();
            beta[i] = posterior.beta();
        }
        SplittableRandom random = new SplittableRandom(seed(seedKey));
        int chosen = ThompsonSampler.choose(alpha, beta, random, draws);
        // Each variant keeps at least its minimum share: that share times the variants picks one at random.
        boolean explored = random.nextDouble() < ids.size() * step.allocation().minSharePercent() / 100.0;
        if (explored) {
            chosen = random.nextInt(ids.size());
        }
        List<VariantDraw> recorded = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            recorded.add(new VariantDraw(ids.get(i), alpha[i], beta[i], draws[i]));
        }
        return new VariantChoice(ids.get(chosen), step.allocation().policy(), explored, recorded);
    }

    private static long seed(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(hash).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
