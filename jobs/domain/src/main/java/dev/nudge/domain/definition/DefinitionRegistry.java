package dev.nudge.domain.definition;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The published versions of every sequence, per brand. Each new version must be newer than the current one (the
 * latest published, whatever its status); a rejected offer leaves everything as it was. Drafts are checked and
 * acknowledged but not kept, since they never affect customers. Not thread-safe: one owner (e.g. one operator
 * instance) feeds it.
 */
public final class DefinitionRegistry {

    public static final int DEFAULT_VERSIONS_KEPT = 5;

    private static final Comparator<SequenceDefinition> BY_PRIORITY_THEN_ID =
            Comparator.comparingInt(SequenceDefinition::priority).reversed().thenComparing(SequenceDefinition::id);

    private final int versionsKept;
    /** brandId → sequenceId → version → definition; the last entry is the current version. */
    private final Map<String, Map<String, TreeMap<Integer, SequenceDefinition>>> brands = new HashMap<>();
    /**
     * brandId → locationId → {@link #liveFor}'s answer, made on the first ask after the brand's definitions last
     * changed: the engine asks on every input, definitions change rarely.
     */
    private final Map<String, Map<String, List<SequenceDefinition>>> live = new HashMap<>();

    public DefinitionRegistry() {
        this(DEFAULT_VERSIONS_KEPT);
    }

    /** @param versionsKept published versions kept per sequence for customers finishing on an old one (≥ 1) */
    public DefinitionRegistry(int versionsKept) {
        if (versionsKept < 1) {
            throw new IllegalArgumentException("versionsKept must be at least 1, got " + versionsKept);
        }
        this.versionsKept = versionsKept;
    }

    public RegistryOutcome offer(SequenceDefinition next) {
        var problems = DefinitionRules.check(next);
        if (!problems.isEmpty()) {
            return new RegistryOutcome.Rejected(problems);
        }
        var versions = versionsOf(next.brandId(), next.id());
        SequenceDefinition current = versions.isEmpty() ? null : versions.lastEntry().getValue();
        if (next.equals(versions.get(next.version()))) {
            return new RegistryOutcome.Accepted(new VersionChange(current, next, Transition.NONE));
        }
        if (current != null && next.version() <= current.version()) {
            return new RegistryOutcome.Rejected(List.of("version " + next.version() + " is not newer than "
                    + current.status().name().toLowerCase(Locale.ROOT) + " version " + current.version()));
        }
        if (next.status() == DefinitionStatus.DRAFT) {
            return new RegistryOutcome.Accepted(new VersionChange(current, next, Transition.NONE));
        }
        versions = brands.computeIfAbsent(next.brandId(), brand -> new HashMap<>())
                .computeIfAbsent(next.id(), id -> new TreeMap<>());
        versions.put(next.version(), next);
        live.remove(next.brandId());
        while (versions.size() > versionsKept) {
            versions.pollFirstEntry();
        }
        return new RegistryOutcome.Accepted(new VersionChange(current, next, transition(current, next)));
    }

    /** LIVE definitions that apply at a location of a brand, highest priority first, then by id. */
    public List<SequenceDefinition> liveFor(String brandId, String locationId) {
        return live.computeIfAbsent(brandId, brand -> new HashMap<>())
                .computeIfAbsent(locationId, location -> liveNow(brandId, location));
    }

    private List<SequenceDefinition> liveNow(String brandId, String locationId) {
        return brands.getOrDefault(brandId, Map.of()).values().stream()
                .map(versions -> versions.lastEntry().getValue())
                .filter(definition -> definition.status() == DefinitionStatus.LIVE && definition.appliesTo(locationId))
                .sorted(BY_PRIORITY_THEN_ID)
                .toList();
    }

    /** The latest published version, whatever its status. */
    public Optional<SequenceDefinition> current(String brandId, String sequenceId) {
        var versions = versionsOf(brandId, sequenceId);
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
    }

    /** A published version still kept; empty once it fell out of the last {@code versionsKept}. */
    public Optional<SequenceDefinition> version(String brandId, String sequenceId, int version) {
        return Optional.ofNullable(versionsOf(brandId, sequenceId).get(version));
    }

    private TreeMap<Integer, SequenceDefinition> versionsOf(String brandId, String sequenceId) {
        var versions = brands.getOrDefault(brandId, Map.of()).get(sequenceId);
        return versions == null ? new TreeMap<>() : versions;
    }

    private static Transition transition(SequenceDefinition current, SequenceDefinition next) {
        if (current == null) {
            return Transition.FIRST_VERSION;
        }
        return switch (next.status()) {
            case PAUSED -> Transition.HOLD;
            case RETIRED -> Transition.EXIT;
            default -> Transition.of(next.onNewVersion());
        };
    }
}
