package dev.nudge.domain.engine;

import dev.nudge.domain.bandit.VariantPosteriors;
import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.definition.DefinitionRegistry;

import java.time.Instant;

/**
 * Everything the engine may read besides the customer's own state: the clock (event time in replays and tests,
 * wall-clock time in production), who the customer is, and the broadcast definitions, catalog and variant
 * posteriors (for steps that choose their variant by Thompson sampling).
 */
public record Situation(Instant now, String brandId, String locationId, String customerId,
                        DefinitionRegistry definitions, Catalog catalog, VariantPosteriors posteriors) {

    public Situation(Instant now, String brandId, String locationId, String customerId,
                     DefinitionRegistry definitions, Catalog catalog) {
        this(now, brandId, locationId, customerId, definitions, catalog, VariantPosteriors.NONE);
    }
}
