package dev.nudge.domain.definition;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One version of a sequence, as published by a brand. Build it with {@link DefinitionParser}; docs/sequence-definition.md
 * documents every field. An accepted definition has no null fields except where a field's documentation says so.
 *
 * @param locationIds          the brand's locations this applies to; empty means all of them
 * @param priority             higher wins when two sequences want the same customer
 * @param subject              topic for the "texts per 24 h on one subject" cap; defaults to the id
 * @param exits                always includes {@link ExitRule#ALWAYS}
 * @param maxTextsPerEntry     at most this many texts per run; defaults to the number of steps
 * @param attributionWindow    a purchase this long after a text counts as converted by it
 * @param questionPauseTimeout how long a question pauses the sequence when QUESTION is not an exit
 */
public record SequenceDefinition(String id, int version, DefinitionStatus status, String brandId,
                                 Set<String> locationIds, int priority, String subject, Trigger trigger,
                                 List<Step> steps, Set<ExitRule> exits, Reentry reentry, int maxTextsPerEntry,
                                 int holdoutPercent, Duration attributionWindow, VersionPolicy onNewVersion,
                                 String defaultLocale, Duration questionPauseTimeout, ConflictPolicy conflictPolicy) {

    public static final int MAX_STEPS = 10;
    public static final int MAX_HOLDOUT_PERCENT = 50;
    public static final DefinitionStatus DEFAULT_STATUS = DefinitionStatus.DRAFT;
    public static final Duration DEFAULT_ATTRIBUTION_WINDOW = Duration.ofDays(3);
    public static final VersionPolicy DEFAULT_ON_NEW_VERSION = VersionPolicy.FINISH_ON_OLD;
    public static final String DEFAULT_LOCALE = "en-US";
    public static final Duration DEFAULT_QUESTION_PAUSE_TIMEOUT = Duration.ofHours(48);
    public static final ConflictPolicy DEFAULT_CONFLICT_POLICY = ConflictPolicy.RESCHEDULE;

    public SequenceDefinition {
        locationIds = locationIds == null ? Set.of() : Set.copyOf(locationIds);
        steps = steps == null ? null : List.copyOf(steps);
        var allExits = EnumSet.copyOf(ExitRule.ALWAYS);
        if (exits != null) {
            allExits.addAll(exits);
        }
        exits = Set.copyOf(allExits);
    }

    /** Whether the definition applies at a location; a null location (e.g. online) matches only brand-wide definitions. */
    public boolean appliesTo(String locationId) {
        return locationIds.isEmpty() || (locationId != null && locationIds.contains(locationId));
    }

    public boolean exitsOn(ExitRule rule) {
        return exits.contains(rule);
    }

    public Step step(int index) {
        return steps.get(index);
    }

    public SequenceDefinition withVersion(int newVersion) {
        return new SequenceDefinition(id, newVersion, status, brandId, locationIds, priority, subject, trigger, steps,
                exits, reentry, maxTextsPerEntry, holdoutPercent, attributionWindow, onNewVersion, defaultLocale,
                questionPauseTimeout, conflictPolicy);
    }

    public SequenceDefinition withStatus(DefinitionStatus newStatus) {
        return new SequenceDefinition(id, version, newStatus, brandId, locationIds, priority, subject, trigger, steps,
                exits, reentry, maxTextsPerEntry, holdoutPercent, attributionWindow, onNewVersion, defaultLocale,
                questionPauseTimeout, conflictPolicy);
    }
}
