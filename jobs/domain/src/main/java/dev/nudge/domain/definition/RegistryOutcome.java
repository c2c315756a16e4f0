package dev.nudge.domain.definition;

import java.util.List;

/** The result of offering a definition to the {@link DefinitionRegistry}. */
public sealed interface RegistryOutcome {

    record Accepted(VersionChange change) implements RegistryOutcome {}

    /** The registry is unchanged; each reason is "path: reason" or a sentence about versions. */
    record Rejected(List<String> reasons) implements RegistryOutcome {
        public Rejected {
            reasons = List.copyOf(reasons);
        }
    }
}
