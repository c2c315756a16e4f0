package dev.nudge.sequencer;

import dev.nudge.domain.bandit.ArmCounts;
import dev.nudge.domain.bandit.ArmOutcome;
import dev.nudge.domain.bandit.PosteriorBook;
import dev.nudge.domain.catalog.Catalog;
import dev.nudge.domain.catalog.CatalogItem;
import dev.nudge.domain.definition.DefinitionParseResult;
import dev.nudge.domain.definition.DefinitionParser;
import dev.nudge.domain.definition.DefinitionRegistry;
import dev.nudge.domain.definition.RegistryOutcome;
import dev.nudge.events.CatalogUpdate;
import dev.nudge.events.SequenceDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed, ready-to-use view of the broadcast state held by one parallel instance. It is rebuilt from broadcast
 * state after a restore, so the broadcast state stays the single source of truth.
 */
final class References {

    private final DefinitionRegistry registry = new DefinitionRegistry();
    private final Map<String, Map<String, CatalogItem>> catalogByBrand = new HashMap<>();
    private final PosteriorBook posteriors = new PosteriorBook();

    static References rebuild(Iterable<Map.Entry<String, SequenceDefinition>> definitions,
                              Iterable<Map.Entry<String, CatalogUpdate>> catalog,
                              Iterable<Map.Entry<String, ArmCounts>> posteriorCounts,
                              Iterable<Map.Entry<String, Integer>> posteriorStarts) {
        References references = new References();
        List<SequenceDefinition> ordered = new ArrayList<>();
        definitions.forEach(entry -> ordered.add(entry.getValue()));
        ordered.sort(Comparator.comparingInt(SequenceDefinition::getVersion));
        for (SequenceDefinition definition : ordered) {
            references.offer(definition);
        }
        catalog.forEach(entry -> references.putCatalog(entry.getValue()));
        posteriorStarts.forEach(entry -> references.posteriors.restoreFirstCountedVersion(entry.getKey(), entry.getValue()));
        posteriorCounts.forEach(entry -> references.posteriors.restoreCounts(entry.getKey(), entry.getValue()));
        return references;
    }

    PosteriorBook posteriors() {
        return posteriors;
    }

    /** After a version was registered: its Thompson steps that say RESET start their posteriors afresh. */
    PosteriorBook.Reset resetPosteriors(SequenceDefinition envelope) {
        return registry.version(envelope.getBrandId(), envelope.getSequenceId(), envelope.getVersion())
                .map(posteriors::declare).orElse(new PosteriorBook.Reset(List.of(), Map.of()));
    }

    /**
     * Counts an outcome by the allocation of its step in its own version (or the current one, when the registry no
     * longer holds it); the counts to store under their key, or empty when it does not count.
     */
    Optional<Map.Entry<String, ArmCounts>> recordOutcome(ArmOutcome outcome) {
        return registry.version(outcome.brandId(), outcome.sequenceId(), outcome.sequenceVersion())
                .or(() -> registry.current(outcome.brandId(), outcome.sequenceId()))
                .filter(definition -> outcome.step() >= 0 && outcome.step() < definition.steps().size())
                .flatMap(definition -> posteriors.record(outcome, definition.step(outcome.step()).allocation()));
    }

    DefinitionRegistry registry() {
        return registry;
    }

    /** Parses and registers a definition version; the reasons when it is rejected (the live version stays). */
    List<String> offer(SequenceDefinition envelope) {
        DefinitionParseResult parsed = DefinitionParser.parseDocument(envelope.getSequenceId(), envelope.getVersion(),
                envelope.getBrandId(), envelope.getDocument());
        if (parsed instanceof DefinitionParseResult.Rejected rejected) {
            return rejected.reasons();
        }
        RegistryOutcome outcome = registry.offer(((DefinitionParseResult.Accepted) parsed).definition());
        return outcome instanceof RegistryOutcome.Rejected rejected ? rejected.reasons() : List.of();
    }

    void putCatalog(CatalogUpdate update) {
        catalogByBrand.computeIfAbsent(update.getTenant().getBrandId(), brand -> new HashMap<>())
                .put(update.getSku(), DomainMapping.catalogItem(update));
    }

    Catalog catalogOf(String brandId) {
        Map<String, CatalogItem> items = catalogByBrand.getOrDefault(brandId, Map.of());
        return sku -> Optional.ofNullable(items.get(sku));
    }

    static String definitionKey(SequenceDefinition definition) {
        return definition.getBrandId() + "/" + definition.getSequenceId() + "/" + definition.getVersion();
    }

    static String catalogKey(CatalogUpdate update) {
        return update.getTenant().getBrandId() + "/" + update.getSku();
    }
}
